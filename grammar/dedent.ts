import type { Interpolation, Span, StringPart } from './ast.ts';

/**
 * Text of a `"""` string. Rules (documented in docs/language.md):
 * - a first line that is blank (the rest of the line holding the opening
 *   `"""`) is dropped, line break included;
 * - the common indentation of the non-blank lines is removed (text on the
 *   opening line, if any, does not count and is kept as written);
 * - whitespace-only lines become empty, so a closing `"""` on its own line
 *   leaves the value ending with one line break;
 * - an interpolation counts as content, so `${x}` at the start of a line
 *   ends that line's indentation.
 */

export type Piece =
  | {
      readonly kind: 'text';
      readonly value: string;
      readonly start: number;
      readonly end: number;
      /** True when `value` is the source text itself, so offsets inside it map one to one. */
      readonly raw: boolean;
    }
  | { readonly kind: 'interpolation'; readonly node: Interpolation };

type Segment =
  | { kind: 'text'; value: string; start: number; end: number }
  | { kind: 'interpolation'; node: Interpolation };

interface Line {
  segments: Segment[];
  /** The line break ending this line, if any. */
  lineBreak?: Span;
}

export function dedentMultiline(pieces: readonly Piece[]): StringPart[] {
  const lines = splitLines(pieces);
  let from = lines.length > 1 ? 1 : 0;
  if (lines.length > 1 && isBlank(lines[0]!)) {
    lines.shift();
    from = 0;
  }
  let indent = Infinity;
  for (let k = from; k < lines.length; k++) {
    const line = lines[k]!;
    if (!isBlank(line)) indent = Math.min(indent, leadingWhitespace(line));
  }
  for (let k = from; k < lines.length; k++) {
    const line = lines[k]!;
    if (isBlank(line)) line.segments = [];
    else if (indent > 0 && indent !== Infinity) stripIndent(line, indent);
  }
  return join(lines);
}

function splitLines(pieces: readonly Piece[]): Line[] {
  const lines: Line[] = [{ segments: [] }];
  let current = lines[0]!;
  for (const p of pieces) {
    if (p.kind === 'interpolation') {
      current.segments.push({ kind: 'interpolation', node: p.node });
      continue;
    }
    if (!p.raw) {
      current.segments.push({ kind: 'text', value: p.value, start: p.start, end: p.end });
      continue;
    }
    const v = p.value;
    let i = 0;
    for (;;) {
      let j = i;
      while (j < v.length && v[j] !== '\n' && v[j] !== '\r') j++;
      if (j > i) current.segments.push({ kind: 'text', value: v.slice(i, j), start: p.start + i, end: p.start + j });
      if (j >= v.length) break;
      const width = v[j] === '\r' && v[j + 1] === '\n' ? 2 : 1;
      current.lineBreak = { start: p.start + j, end: p.start + j + width };
      current = { segments: [] };
      lines.push(current);
      i = j + width;
    }
  }
  return lines;
}

function isBlank(line: Line): boolean {
  return line.segments.every((s) => s.kind === 'text' && /^[ \t]*$/.test(s.value));
}

function leadingWhitespace(line: Line): number {
  let n = 0;
  for (const s of line.segments) {
    if (s.kind !== 'text') return n;
    const m = /^[ \t]*/.exec(s.value)![0].length;
    n += m;
    if (m < s.value.length) return n;
  }
  return n;
}

function stripIndent(line: Line, indent: number): void {
  let rest = indent;
  const kept: Segment[] = [];
  for (const s of line.segments) {
    if (rest > 0 && s.kind === 'text') {
      const cut = Math.min(rest, /^[ \t]*/.exec(s.value)![0].length);
      rest = cut < s.value.length ? 0 : rest - cut;
      if (cut < s.value.length) kept.push({ kind: 'text', value: s.value.slice(cut), start: s.start + cut, end: s.end });
      continue;
    }
    rest = 0;
    kept.push(s);
  }
  line.segments = kept;
}

function join(lines: readonly Line[]): StringPart[] {
  const parts: StringPart[] = [];
  let text: { value: string; start: number; end: number } | undefined;
  const addText = (value: string, start: number, end: number): void => {
    if (text === undefined) text = { value, start, end };
    else {
      text.value += value;
      text.end = end;
    }
  };
  for (const line of lines) {
    for (const s of line.segments) {
      if (s.kind === 'interpolation') {
        if (text !== undefined) parts.push({ kind: 'StringText', span: { start: text.start, end: text.end }, value: text.value });
        text = undefined;
        parts.push(s.node);
      } else {
        addText(s.value, s.start, s.end);
      }
    }
    if (line.lineBreak !== undefined) addText('\n', line.lineBreak.start, line.lineBreak.end);
  }
  if (text !== undefined) parts.push({ kind: 'StringText', span: { start: text.start, end: text.end }, value: text.value });
  return parts;
}
