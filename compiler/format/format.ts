import { parse, type ParseResult } from '../../grammar/index.ts';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/index.ts';
import { alignLines } from './align.ts';
import { buildItems, canonicalCommas } from './items.ts';
import { INDENT, printLines, type Line } from './printer.ts';
import { sameComments, sameTree } from './same-tree.ts';
import { collectRoles } from './syntax-roles.ts';

export interface FormatResult {
  /** The formatted text; the input itself when it has errors or could not be formatted. */
  readonly text: string;
  /** The parser's diagnostics (errors mean the text was left alone), plus MBP9001 if formatting failed. */
  readonly diagnostics: readonly Diagnostic[];
  /** Whether `text` differs from the input. */
  readonly changed: boolean;
}

/**
 * Formats a blueprint in the one canonical layout (docs/language.md,
 * "Formatting"). Tokens and comments are re-emitted in their order with
 * canonical whitespace; line breaks are the author's. A file with syntax
 * errors is returned unchanged with its diagnostics. The result is parsed
 * again and must give the same syntax tree and the same comments, or the
 * input is returned unchanged with an internal error: formatting never
 * changes meaning and never loses a comment.
 */
export function format(text: string, file: string): FormatResult {
  const parsed = parse(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return unchanged(text, parsed.diagnostics);
  let output: string;
  try {
    output = print(text, parsed);
    if (output !== text && !meansTheSame(parsed, output, file)) {
      return unchanged(text, [...parsed.diagnostics, internalError(file, 'the formatted text would not mean the same; the file was left as it is')]);
    }
  } catch (error) {
    return unchanged(text, [...parsed.diagnostics, internalError(file, error instanceof Error ? error.message : String(error))]);
  }
  return { text: output, diagnostics: parsed.diagnostics, changed: output !== text };
}

/** The output parses without errors to the same tree, with the same comments in the same order. */
function meansTheSame(parsed: ParseResult, output: string, file: string): boolean {
  const again = parse(output, file);
  return (
    !again.diagnostics.some((d) => d.severity === 'error') &&
    sameTree(parsed.module, again.module) &&
    sameComments(parsed.comments, again.comments)
  );
}

function unchanged(text: string, diagnostics: readonly Diagnostic[]): FormatResult {
  return { text, diagnostics, changed: false };
}

function internalError(file: string, detail: string): Diagnostic {
  return makeDiagnostic('MBP9001', file, { start: 0, end: 0 }, { stage: 'the formatter', detail });
}

function print(text: string, parsed: ParseResult): string {
  const roles = collectRoles(parsed.module, parsed.tokens, text);
  const items = canonicalCommas(buildItems(text, parsed.tokens, parsed.comments), roles.commaAfter);
  const lines = printLines(items, roles);
  alignLines(lines, roles);
  return render(lines);
}

function render(lines: readonly Line[]): string {
  let out = '';
  for (const line of lines) {
    if (line.blankBefore) out += '\n';
    out += INDENT.repeat(line.indent);
    line.pieces.forEach((p, k) => {
      out += (k === 0 ? '' : ' '.repeat(p.gap + p.pad)) + p.text;
    });
    out += '\n';
  }
  return out;
}
