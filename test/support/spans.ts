import { walk, type Module, type Node } from '../../grammar/index.ts';
import type { Diagnostic, TextRange } from '../../compiler/diagnostics/index.ts';

/**
 * Span invariants every front-end result must keep, whatever the input: a
 * span lies inside the file (0 ≤ start ≤ end ≤ length), a child node's span
 * inside its parent's, and a node's names (`name.span`, `opSpan`) inside the
 * node. Each problem is one line of text; an empty list means all is well.
 */
function outside(range: TextRange, length: number): boolean {
  return !(Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= length);
}

function show(range: TextRange): string {
  return `[${range.start}, ${range.end})`;
}

function within(inner: TextRange, outer: TextRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Spans held directly by a node that are not child nodes: names, operator spans. */
function ownSpans(node: Node): [string, TextRange][] {
  const out: [string, TextRange][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || value === null || typeof value !== 'object' || 'kind' in value) continue;
    if (key === 'opSpan') out.push([key, value as TextRange]);
    else if ('text' in value && 'span' in value) out.push([key, (value as { span: TextRange }).span]);
  }
  return out;
}

export function astSpanProblems(module: Module, length: number): string[] {
  const problems: string[] = [];
  walk(module, (node, parent) => {
    if (outside(node.span, length)) problems.push(`${node.kind} span ${show(node.span)} is outside the file (length ${length})`);
    if (parent !== undefined && !within(node.span, parent.span)) {
      problems.push(`${node.kind} span ${show(node.span)} is not inside its parent ${parent.kind} ${show(parent.span)}`);
    }
    for (const [key, span] of ownSpans(node)) {
      if (outside(span, length)) problems.push(`${node.kind}.${key} span ${show(span)} is outside the file (length ${length})`);
      else if (!within(span, node.span)) problems.push(`${node.kind}.${key} span ${show(span)} is not inside the ${node.kind} ${show(node.span)}`);
    }
  });
  return problems;
}

/**
 * Ranges of diagnostics (primary, related, fix edits) against the length of
 * each file's text; `lengthOf` returns undefined for a file it does not know,
 * whose ranges are then not checked.
 */
export function diagnosticSpanProblems(diagnostics: readonly Diagnostic[], lengthOf: (file: string) => number | undefined): string[] {
  const problems: string[] = [];
  const check = (what: string, file: string, range: TextRange): void => {
    const length = lengthOf(file);
    if (length !== undefined && outside(range, length)) problems.push(`${what} range ${show(range)} is outside ${file} (length ${length})`);
  };
  for (const d of diagnostics) {
    check(`${d.code}`, d.file, d.range);
    for (const r of d.related) check(`${d.code} related "${r.message}"`, r.file, r.range);
    for (const f of d.fixes) for (const e of f.edits) check(`${d.code} fix "${f.title}"`, e.file, e.range);
  }
  return problems;
}
