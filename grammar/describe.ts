import { EOF, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.ts';

/**
 * Human descriptions of tokens for syntax messages. Messages say "a name"
 * or "`=`", never a token type's internal name.
 */

const EXPECTED: ReadonlyMap<TokenType, string> = new Map<TokenType, string>([
  [T.Name, 'a name'],
  [T.Identifier, 'a name'],
  [T.Literal, 'a value'],
  [T.BinaryOperator, 'an operator'],
  [T.PrefixOperator, '`-` or `!`'],
  [T.Newline, 'a line break'],
  [T.StringStart, 'a string'],
  [T.HeredocStart, 'a string'],
  [T.StringEnd, '`"`'],
  [T.HeredocEnd, '`"""`'],
  [T.StringText, 'text'],
  [T.HeredocText, 'text'],
  [T.StringEscape, 'an escape sequence'],
  [T.DollarEscape, '`$${`'],
  [T.InterpolationStart, '`${`'],
  [T.IntLiteral, 'an integer'],
  [T.DurationLiteral, 'a duration'],
  [T.SizeLiteral, 'a size'],
  [T.Ipv4Literal, 'an IPv4 address'],
  [T.Ipv6Literal, 'an IPv6 address'],
  [T.MalformedNumber, 'a number'],
  [EOF, 'the end of the file'],
]);

const PUNCTUATION: ReadonlyMap<TokenType, string> = new Map<TokenType, string>([
  [T.OrOr, '||'], [T.AndAnd, '&&'], [T.EqEq, '=='], [T.NotEq, '!='], [T.LtEq, '<='], [T.GtEq, '>='],
  [T.Lt, '<'], [T.Gt, '>'], [T.Plus, '+'], [T.Minus, '-'], [T.Star, '*'], [T.Slash, '/'], [T.Percent, '%'],
  [T.Bang, '!'], [T.Equals, '='], [T.Question, '?'], [T.Colon, ':'], [T.Dot, '.'], [T.Comma, ','],
  [T.LParen, '('], [T.RParen, ')'], [T.LBracket, '['], [T.RBracket, ']'], [T.LCurly, '{'], [T.RCurly, '}'],
]);

const KEYWORD_WORDS: ReadonlyMap<TokenType, string> = new Map<TokenType, string>(
  [...T.RESERVED_KEYWORDS, ...T.SOFT_KEYWORDS].map((t) => [t, (t.PATTERN as RegExp).source]),
);

/** What the parser wanted, e.g. "`=`", "a name", "a line break". */
export function describeExpected(type: TokenType): string {
  const p = PUNCTUATION.get(type);
  if (p !== undefined) return '`' + p + '`';
  const k = KEYWORD_WORDS.get(type);
  if (k !== undefined) return '`' + k + '`';
  return EXPECTED.get(type) ?? 'something else';
}

/** Joins alternatives: "`=`, `{` or a name". */
export function joinAlternatives(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return unique.slice(0, -1).join(', ') + ' or ' + unique[unique.length - 1];
}

const MAX_IMAGE = 24;

/** What the parser found, e.g. "`count`", "keyword `param`", "end of line". */
export function describeFound(token: IToken): string {
  const type = token.tokenType;
  if (type === EOF) return 'end of file';
  if (type === T.Newline) return 'end of line';
  if (type === T.StringStart || type === T.HeredocStart) return 'a string';
  if (type === T.StringEnd) return 'end of string';
  if (T.RESERVED_KEYWORDS.includes(type)) return 'keyword `' + token.image + '`';
  const image = token.image.length > MAX_IMAGE ? token.image.slice(0, MAX_IMAGE) + '…' : token.image;
  return '`' + image + '`';
}

/** Like `describeFound`, phrased to follow "unexpected": "unexpected string", "unexpected `)`". */
export function describeUnexpected(token: IToken): string {
  const type = token.tokenType;
  if (type === T.StringStart || type === T.HeredocStart) return 'string';
  return describeFound(token);
}

export function isReservedKeyword(token: IToken): boolean {
  return T.RESERVED_KEYWORDS.includes(token.tokenType);
}

export function isTopLevelOnly(token: IToken): boolean {
  return T.TOP_LEVEL_ONLY.includes(token.tokenType);
}
