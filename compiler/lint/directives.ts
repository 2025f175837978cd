import type { Comment } from '../../grammar/index.ts';
import type { SourceFile, TextRange } from '../diagnostics/index.ts';

/**
 * In-source suppression, as ESLint has it:
 *
 *     // mbp-disable-next-line unused-let, secret-literal -- generated file
 *     let x = 1   // mbp-disable-line unused-let
 *
 * A directive with no rule names suppresses every lint rule on its line.
 * Text after `--` is a free-form reason. Only lint rules can be suppressed.
 */
export interface DirectiveRule {
  readonly id: string;
  /** Where the id is written in the comment (for diagnostics and fix-its). */
  readonly range: TextRange;
}

export interface DisableDirective {
  readonly kind: 'next-line' | 'line';
  /** The comment. */
  readonly range: TextRange;
  /** 1-based line whose findings it suppresses. */
  readonly line: number;
  /** Empty: every lint rule. */
  readonly rules: readonly DirectiveRule[];
}

const DIRECTIVE = /^(\s*)mbp-disable-(next-line|line)\b/;

/** Only the comment's words: `//` or `/* … *\/` stripped, with the offset of what is left. */
function commentBody(comment: Comment): { readonly text: string; readonly offset: number } {
  if (comment.image.startsWith('//')) return { text: comment.image.slice(2), offset: comment.start + 2 };
  const inner = comment.image.slice(2, comment.image.endsWith('*/') ? -2 : undefined);
  return { text: inner, offset: comment.start + 2 };
}

export function parseDirectives(comments: readonly Comment[], source: SourceFile): DisableDirective[] {
  const out: DisableDirective[] = [];
  for (const comment of comments) {
    if (comment.type !== 'LineComment' && comment.type !== 'BlockComment') continue;
    const body = commentBody(comment);
    const m = DIRECTIVE.exec(body.text);
    if (!m) continue;
    const kind = m[2] === 'line' ? 'line' : 'next-line';
    let list = body.text.slice(m[0].length);
    const reason = list.indexOf('--');
    if (reason >= 0) list = list.slice(0, reason);
    const listOffset = body.offset + m[0].length;
    const rules: DirectiveRule[] = [];
    for (const word of list.matchAll(/[^\s,]+/g)) {
      const start = listOffset + (word.index ?? 0);
      rules.push({ id: word[0], range: { start, end: start + word[0].length } });
    }
    const line = kind === 'line' ? source.positionAt(comment.start).line : source.positionAt(comment.end).line + 1;
    out.push({ kind, range: { start: comment.start, end: comment.end }, line, rules });
  }
  return out;
}

/** Cheap pre-check, so files without directives are not lexed again for their comments. */
export function mayHaveDirectives(text: string): boolean {
  return text.includes('mbp-disable-');
}
