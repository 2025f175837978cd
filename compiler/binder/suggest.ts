import type { Span } from '../../grammar/index.ts';
import { closestName, type DiagnosticExtras } from '../diagnostics/index.ts';

/**
 * The did-you-mean of a misspelt name: a help line and a fix-it replacing the
 * name as written (`replacement` formats the suggestion, e.g. with quotes
 * for an enumerated string). Empty when nothing is close enough.
 */
export function suggestName(
  written: string,
  candidates: Iterable<string>,
  file: string,
  span: Span,
  replacement: (name: string) => string = (n) => n,
): DiagnosticExtras {
  const best = closestName(written, candidates);
  if (best === undefined) return {};
  const text = replacement(best);
  return {
    help: `did you mean \`${text}\`?`,
    fixes: [{ title: `replace with \`${text}\``, edits: [{ file, range: { start: span.start, end: span.end }, text }] }],
  };
}

/** `"a", "b" or "c"` for messages listing choices. */
export function listChoices(values: readonly string[], quote = '`'): string {
  const q = values.map((v) => `${quote}${v}${quote}`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
