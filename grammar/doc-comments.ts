import type { IToken } from 'chevrotain';
import { tokenEnd } from './lexer.ts';
import { DocComment, ModuleDocComment } from './tokens.ts';

/**
 * Doc comments: `///` lines directly above a declaration (no blank line in
 * between) document it; `//!` lines at the top of a file document the
 * module. The text loses its marker and one following space.
 */

const ONE_LINE_BREAK = /^[ \t]*(?:\r\n?|\n)[ \t]*$/;

function docText(comment: IToken): string {
  const body = comment.image.slice(3);
  return body.startsWith(' ') ? body.slice(1) : body;
}

/** Index of the last comment starting before `offset` (comments are in source order). */
function lastBefore(comments: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function docAbove(text: string, comments: readonly IToken[], start: number): string | undefined {
  // Asked for every entry of every body; most have no doc, so nothing is allocated until one is found.
  let lines: string[] | undefined;
  let boundary = start;
  for (let i = lastBefore(comments, start); i >= 0; i--) {
    const c = comments[i]!;
    if (c.tokenType !== DocComment) break;
    if (!ONE_LINE_BREAK.test(text.slice(tokenEnd(c), boundary))) break;
    (lines ??= []).push(docText(c));
    boundary = c.startOffset;
  }
  return lines !== undefined ? lines.reverse().join('\n') : undefined;
}

export function moduleDoc(comments: readonly IToken[], before: number): string | undefined {
  const lines: string[] = [];
  for (const c of comments) {
    if (c.startOffset >= before) break;
    if (c.tokenType === ModuleDocComment) lines.push(docText(c));
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}
