import type { IToken, TokenType } from 'chevrotain';
import { tokenEnd } from './lexer.ts';
import * as T from './tokens.ts';

/** What a token is, for colouring (a language server maps these to semantic token types). */
export type TokenCategory =
  | 'keyword'
  | 'identifier'
  | 'constant'
  | 'string'
  | 'string-escape'
  | 'interpolation'
  | 'number'
  | 'duration'
  | 'size'
  | 'address'
  | 'operator'
  | 'punctuation'
  | 'newline'
  | 'comment'
  | 'invalid';

/** A token as the rest of mbp sees it (not Chevrotain's type). Offsets are UTF-16, `end` exclusive. */
export interface Token {
  /** The token type's name, e.g. `Identifier`, `LCurly`, `DurationLiteral`. */
  readonly type: string;
  readonly category: TokenCategory;
  readonly image: string;
  readonly start: number;
  readonly end: number;
}

export interface Comment extends Token {
  readonly type: 'LineComment' | 'BlockComment' | 'DocComment' | 'ModuleDocComment' | 'UnterminatedBlockComment' | 'HashComment';
  readonly category: 'comment';
}

const CATEGORY = new Map<TokenType, TokenCategory>();
function assign(category: TokenCategory, types: readonly TokenType[]): void {
  for (const t of types) CATEGORY.set(t, category);
}
assign('keyword', [...T.RESERVED_KEYWORDS, T.As, T.For, T.In, T.If]);
assign('constant', [T.True, T.False, T.Null]);
assign('identifier', [T.Identifier]);
assign('string', [T.StringStart, T.StringEnd, T.StringText, T.HeredocStart, T.HeredocEnd, T.HeredocText]);
assign('string-escape', [T.StringEscape, T.DollarEscape]);
assign('interpolation', [T.InterpolationStart]);
assign('number', [T.IntLiteral]);
assign('duration', [T.DurationLiteral]);
assign('size', [T.SizeLiteral]);
assign('address', [T.Ipv4Literal, T.Ipv6Literal]);
assign('invalid', [T.MalformedNumber, T.StringNewline]);
assign('operator', [T.OrOr, T.AndAnd, T.EqEq, T.NotEq, T.LtEq, T.GtEq, T.Lt, T.Gt, T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.Bang, T.Equals, T.Question, T.Colon]);
assign('punctuation', [T.Dot, T.Comma, T.LParen, T.RParen, T.LBracket, T.RBracket, T.LCurly, T.RCurly]);
assign('newline', [T.Newline]);
assign('comment', [T.LineComment, T.BlockComment, T.DocComment, T.ModuleDocComment, T.UnterminatedBlockComment, T.HashComment]);

export function categoryOf(type: TokenType): TokenCategory {
  return CATEGORY.get(type) ?? 'invalid';
}

/**
 * The `}` that ends `${ ... }` is lexed as `RCurly`; for colouring it belongs
 * with its `${`. Tracks interpolation nesting to tell the two apart.
 */
export function toPublicTokens(raw: readonly IToken[]): Token[] {
  const out: Token[] = new Array(raw.length);
  const braces: boolean[] = []; // true: this open brace is an interpolation
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    let category = categoryOf(t.tokenType);
    if (t.tokenType === T.InterpolationStart) braces.push(true);
    else if (t.tokenType === T.LCurly) braces.push(false);
    else if (t.tokenType === T.RCurly && braces.pop() === true) category = 'interpolation';
    out[i] = { type: t.tokenType.name, category, image: t.image, start: t.startOffset, end: tokenEnd(t) };
  }
  return out;
}

export function toPublicComments(raw: readonly IToken[]): Comment[] {
  return raw.map((t) => ({
    type: t.tokenType.name as Comment['type'],
    category: 'comment',
    image: t.image,
    start: t.startOffset,
    end: tokenEnd(t),
  }));
}
