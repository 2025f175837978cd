import type { Comment, Token } from '../../grammar/index.ts';
import type { SourceFile } from '../../compiler/diagnostics/index.ts';

/**
 * The token stream as text, one token per line: category, type, image (as a
 * JSON string, so line breaks and odd characters are visible) and the
 * line:col where it starts. Comments are merged in at their place, as an
 * editor sees them.
 */
export function dumpTokens(tokens: readonly Token[], comments: readonly Comment[], source: SourceFile): string {
  const all = [...tokens, ...comments].sort((a, b) => a.start - b.start || a.end - b.end);
  return all
    .map((t) => {
      const at = source.positionAt(t.start);
      return `${t.category.padEnd(14)} ${t.type.padEnd(24)} ${JSON.stringify(t.image)} ${at.line}:${at.column}`;
    })
    .map((line) => `${line}\n`)
    .join('');
}
