import { format } from '../../compiler/format/index.ts';
import type { TextRange } from '../../compiler/diagnostics/index.ts';

/**
 * The `mbp fmt` layout of a document as one edit: the changed middle between
 * the common start and end, so the cursor and folded regions outside it stay
 * put. Undefined when the text is already formatted or has syntax errors
 * (which `mbp fmt` refuses too; the errors are already shown).
 */
export function formatEdit(text: string, file: string): { range: TextRange; text: string } | undefined {
  const result = format(text, file);
  if (!result.changed) return undefined;
  const out = result.text;
  let start = 0;
  const max = Math.min(text.length, out.length);
  while (start < max && text.charCodeAt(start) === out.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && text.charCodeAt(text.length - 1 - end) === out.charCodeAt(out.length - 1 - end)) end++;
  // Never split a surrogate pair or a CRLF between the edit and what it keeps.
  while (start > 0 && isLow(text.charCodeAt(start))) start--;
  while (end > 0 && isLow(text.charCodeAt(text.length - end))) end--;
  return { range: { start, end: text.length - end }, text: out.slice(start, out.length - end) };
}

function isLow(c: number): boolean {
  return (c >= 0xdc00 && c <= 0xdfff) || c === 10;
}
