/**
 * Expected diagnostics written by hand inside a test input, as comments
 * (the syntax is documented in test/README.md):
 *
 *     // expect MBP1006 at 4:11            line 4, column 11
 *     // expect MBP1006 at +1:11           one line below this comment, column 11
 *     // expect MBP1006 at -2:3            two lines above
 *     // expect MBP1010 at +1:9 fix "10.0.0.0/24" help "network of this prefix"
 *     // expect none                       the input must give no diagnostic at all
 *
 * Lines and columns count from 1, columns in UTF-16 code units, as in
 * `mbp check` output; the position is where the diagnostic's primary span
 * starts. Annotations are read from the raw text line by line, wherever
 * `// expect` appears (even inside a broken string or an unterminated
 * comment), so they work in files the lexer cannot make sense of.
 */
export interface Expectation {
  /** `MBPnnnn`, or a lint rule's kebab-case id. */
  readonly code: string;
  readonly line: number;
  readonly column: number;
  /** Some fix-it of the diagnostic has an edit with exactly this text. */
  readonly fix?: string;
  /** The diagnostic's help contains this text. */
  readonly help?: string;
  /** 1-based line of the annotation itself, for messages. */
  readonly annotationLine: number;
}

export interface Annotations {
  readonly expectations: readonly Expectation[];
  /** `// expect none` was written. */
  readonly none: boolean;
  /** Lines that start like an annotation but do not parse (a typo must not drop an expectation silently). */
  readonly errors: readonly string[];
}

const MARKER = /\/\/\s*expect\b(.*)$/;
const HEAD = /^\s+([A-Z]{3}\d{4}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)\s+at\s+([+-]?)(\d+):(\d+)/;
const CLAUSE = /^\s+(fix|help)\s+("(?:[^"\\]|\\.)*")/;

/** The lines of a text as `SourceFile` counts them: LF, CRLF and a lone CR all end a line. */
export function textLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Reads the annotations of an input. `relativeAllowed` is false for a sidecar
 * file, whose own line numbers mean nothing in the input.
 */
export function parseAnnotations(text: string, options: { readonly relativeAllowed?: boolean } = {}): Annotations {
  const relativeAllowed = options.relativeAllowed ?? true;
  const expectations: Expectation[] = [];
  const errors: string[] = [];
  let none = false;
  textLines(text).forEach((lineText, index) => {
    const lineNo = index + 1;
    const marker = MARKER.exec(lineText);
    if (!marker) return;
    let rest = marker[1]!;
    if (/^\s+none\s*$/.test(rest)) {
      none = true;
      return;
    }
    const head = HEAD.exec(rest);
    if (!head) {
      errors.push(`line ${lineNo}: cannot read the annotation \`${lineText.trim()}\``);
      return;
    }
    const [, code, sign, lineDigits, columnDigits] = head;
    if (sign !== '' && !relativeAllowed) {
      errors.push(`line ${lineNo}: a relative line (${sign}${lineDigits}) means nothing here; give an absolute line`);
      return;
    }
    const amount = Number(lineDigits);
    const line = sign === '+' ? lineNo + amount : sign === '-' ? lineNo - amount : amount;
    rest = rest.slice(head[0].length);
    let fix: string | undefined;
    let help: string | undefined;
    for (let clause = CLAUSE.exec(rest); clause; clause = CLAUSE.exec(rest)) {
      const value = JSON.parse(clause[2]!) as string;
      if (clause[1] === 'fix') fix = value;
      else help = value;
      rest = rest.slice(clause[0].length);
    }
    if (rest.trim() !== '') {
      errors.push(`line ${lineNo}: unexpected \`${rest.trim()}\` after the annotation`);
      return;
    }
    if (line < 1 || Number(columnDigits) < 1) {
      errors.push(`line ${lineNo}: the position must be at line 1 or below and column 1 or right of it`);
      return;
    }
    expectations.push({
      code: code!,
      line,
      column: Number(columnDigits),
      ...(fix !== undefined ? { fix } : {}),
      ...(help !== undefined ? { help } : {}),
      annotationLine: lineNo,
    });
  });
  if (none && expectations.length > 0) errors.push('`// expect none` cannot be combined with other expectations');
  return { expectations, none, errors };
}
