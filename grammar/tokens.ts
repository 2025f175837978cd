import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * Every token of the language. Order inside each mode list matters: the
 * lexer takes the first pattern that matches, so longer operators come
 * before their prefixes, comments before `/`, and every literal that can
 * start with a letter (IPv6) before keywords and identifiers.
 *
 * Only declaration keywords are reserved. `as for in if true false null`
 * are soft keywords: they are tokens of their own (so the parser can name
 * them in messages and an editor can colour them) but belong to the
 * `Identifier` category, so they are accepted wherever a name is.
 */

// ---- categories (never matched directly) ----------------------------------

/** Anything that may name an attribute, member or object key: identifiers and every keyword. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA, categories: [Name] });
/** Literal tokens that form an expression on their own. */
export const Literal = createToken({ name: 'Literal', pattern: Lexer.NA });
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
export const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA });

// ---- trivia -------------------------------------------------------------------

export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\f\v\uFEFF]+/, group: Lexer.SKIPPED });
/** Blank lines are folded into one token: only "there was a line break" matters to the parser. */
export const Newline = createToken({
  name: 'Newline',
  pattern: /(?:\r\n?|\n)(?:[ \t]*(?:\r\n?|\n))*/,
  line_breaks: true,
});

export const COMMENTS_GROUP = 'comments';
export const ModuleDocComment = createToken({ name: 'ModuleDocComment', pattern: /\/\/![^\r\n]*/, group: COMMENTS_GROUP });
export const DocComment = createToken({ name: 'DocComment', pattern: /\/\/\/(?!\/)[^\r\n]*/, group: COMMENTS_GROUP });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: COMMENTS_GROUP });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: COMMENTS_GROUP,
  line_breaks: true,
});
/** Reported once (MBP1003) instead of lexing the rest of the file as code. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: COMMENTS_GROUP,
  line_breaks: true,
});
/** `#` is not a comment here, but HCL users will type it: one error for the line, not one per word. */
export const HashComment = createToken({ name: 'HashComment', pattern: /#[^\r\n]*/, group: COMMENTS_GROUP });

// ---- identifiers and keywords ------------------------------------------------

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name] });

function keyword(name: string, word: string): TokenType {
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories: [Keyword] });
}

function softKeyword(name: string, word: string, extra: TokenType[] = []): TokenType {
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories: [Identifier, ...extra] });
}

export const Import = keyword('Import', 'import');
export const Param = keyword('Param', 'param');
export const Secret = keyword('Secret', 'secret');
export const Let = keyword('Let', 'let');
export const Output = keyword('Output', 'output');
export const OsTemplate = keyword('OsTemplate', 'os_template');
export const Workflow = keyword('Workflow', 'workflow');
export const Infrastructure = keyword('Infrastructure', 'infrastructure');
export const On = keyword('On', 'on');
export const Run = keyword('Run', 'run');
export const Step = keyword('Step', 'step');

export const RESERVED_KEYWORDS: readonly TokenType[] = [
  Import, Param, Secret, Let, Output, OsTemplate, Workflow, Infrastructure, On, Run, Step,
];
/** Declarations that only exist at the top level of a file; seeing one inside a body means a `}` is missing. */
export const TOP_LEVEL_ONLY: readonly TokenType[] = [Import, Param, Secret, OsTemplate, Workflow, Infrastructure];

export const As = softKeyword('As', 'as');
export const For = softKeyword('For', 'for');
export const In = softKeyword('In', 'in');
export const If = softKeyword('If', 'if');
export const True = softKeyword('True', 'true', [Literal]);
export const False = softKeyword('False', 'false', [Literal]);
export const Null = softKeyword('Null', 'null', [Literal]);

export const SOFT_KEYWORDS: readonly TokenType[] = [As, For, In, If, True, False, Null];

// ---- numbers, durations, sizes, addresses ------------------------------------

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * IPv6 addresses and CIDRs. Hand-written because an IPv6 literal can start
 * like an identifier (`fe80::1`) or an integer (`2001:db8::/48`), and must
 * not swallow a conditional such as `cond ? a:b`: a candidate is accepted
 * only when it contains `::` or has all eight groups (seven colons).
 * Validity is checked later with ipaddr.js, so a malformed candidate
 * becomes one clear error instead of a cascade.
 */
function matchIpv6(text: string, offset: number): RegExpExecArray | null {
  let i = offset;
  let colons = 0;
  let double = false;
  // No address is longer than this; the cap keeps `a:a:a:...` from being rescanned at every name.
  const n = Math.min(text.length, offset + 64);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) {
      colons++;
      if (text.charCodeAt(i + 1) === 58) double = true;
    } else if (c !== 46 /* . */ && !isHex(c)) {
      break;
    }
    i++;
  }
  if (colons === 0 || !(double || colons === 7)) return null;
  // `fe80::1g` is one bad address, not an address followed by a name.
  const end = text.length;
  while (i < end && isWord(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 47 /* / */ && isWord(text.charCodeAt(i + 1))) {
    i++;
    while (i < end && isWord(text.charCodeAt(i))) i++;
  }
  return [text.slice(offset, i)] as unknown as RegExpExecArray;
}

const IPV6_START = [...'0123456789abcdefABCDEF:'];

export const Ipv6Literal = createToken({
  name: 'Ipv6Literal',
  pattern: { exec: matchIpv6 },
  start_chars_hint: IPV6_START,
  line_breaks: false,
  categories: [Literal],
});
export const Ipv4Literal = createToken({
  name: 'Ipv4Literal',
  pattern: /\d+\.\d+\.\d+\.\d+(?:\/\d+)?(?![\w.:])/,
  categories: [Literal],
});
export const DurationLiteral = createToken({
  name: 'DurationLiteral',
  pattern: /\d+(?:ms|[smhd])(?:\d+(?:ms|[smhd]))*(?![\w.])/,
  categories: [Literal],
});
export const SizeLiteral = createToken({
  name: 'SizeLiteral',
  pattern: /\d+(?:[KMGTP]i?B|B)(?![\w.])/,
  categories: [Literal],
});
export const IntLiteral = createToken({ name: 'IntLiteral', pattern: /\d+(?![\w.])/, categories: [Literal] });
/**
 * Anything else that starts with a digit: `30sec`, `40G`, `127.1`,
 * `0x7f000001`, `1.5h`. One token, so it gives one diagnostic with a
 * suggestion rather than a number followed by a stray name.
 */
export const MalformedNumber = createToken({
  name: 'MalformedNumber',
  pattern: /\d[\w.]*(?:\/[\w.]*)?/,
  categories: [Literal],
});

// ---- operators and punctuation ----------------------------------------------

function op(name: string, pattern: RegExp, categories: TokenType[] = [BinaryOperator]): TokenType {
  return createToken({ name, pattern, categories });
}

export const OrOr = op('OrOr', /\|\|/);
export const AndAnd = op('AndAnd', /&&/);
export const EqEq = op('EqEq', /==/);
export const NotEq = op('NotEq', /!=/);
export const LtEq = op('LtEq', /<=/);
export const GtEq = op('GtEq', />=/);
export const Lt = op('Lt', /</);
export const Gt = op('Gt', />/);
export const Plus = op('Plus', /\+/);
export const Minus = op('Minus', /-/, [BinaryOperator, PrefixOperator]);
export const Star = op('Star', /\*/);
export const Slash = op('Slash', /\//);
export const Percent = op('Percent', /%/);
export const Bang = op('Bang', /!/, [PrefixOperator]);

export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Question = createToken({ name: 'Question', pattern: /\?/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
/** Braces push and pop the code mode so that the `}` ending `${ ... }` is told apart from a nested one. */
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, push_mode: 'code' });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, pop_mode: true });

// ---- strings -----------------------------------------------------------------

export const HeredocStart = createToken({ name: 'HeredocStart', pattern: /"""/, push_mode: 'heredoc' });
export const StringStart = createToken({ name: 'StringStart', pattern: /"/, push_mode: 'string' });
export const StringEnd = createToken({ name: 'StringEnd', pattern: /"/, pop_mode: true });
export const HeredocEnd = createToken({ name: 'HeredocEnd', pattern: /"""/, pop_mode: true });
/** A `$` is text unless it starts `${` or `$${`. */
export const StringText = createToken({ name: 'StringText', pattern: /(?:[^"\\$\r\n]|\$(?!\$?\{))+/ });
export const HeredocText = createToken({
  name: 'HeredocText',
  pattern: /(?:[^$"]|\$(?!\$?\{)|"(?!""))+/,
  line_breaks: true,
});
/** Any backslash sequence; which ones are valid is decided when decoding, so a bad one is a single error. */
export const StringEscape = createToken({ name: 'StringEscape', pattern: /\\(?:u\{[0-9A-Fa-f]*\}?|[^\r\n])?/ });
export const DollarEscape = createToken({ name: 'DollarEscape', pattern: /\$\$\{/ });
export const InterpolationStart = createToken({ name: 'InterpolationStart', pattern: /\$\{/, push_mode: 'code' });
/** A line break inside a one-line string ends it (reported as unterminated) so the next line lexes as code. */
export const StringNewline = createToken({ name: 'StringNewline', pattern: /\r\n?|\n/, pop_mode: true, line_breaks: true });

// ---- modes -------------------------------------------------------------------

const CODE_MODE: TokenType[] = [
  Whitespace,
  Newline,
  ModuleDocComment,
  DocComment,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  HashComment,
  HeredocStart,
  StringStart,
  Ipv6Literal,
  Ipv4Literal,
  DurationLiteral,
  SizeLiteral,
  IntLiteral,
  MalformedNumber,
  ...RESERVED_KEYWORDS,
  ...SOFT_KEYWORDS,
  Identifier,
  OrOr,
  AndAnd,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Equals,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Question,
  Colon,
  Dot,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
];

export const LEXER_DEFINITION = {
  modes: {
    code: CODE_MODE,
    string: [StringEnd, StringText, StringEscape, DollarEscape, InterpolationStart, StringNewline],
    heredoc: [HeredocEnd, HeredocText, DollarEscape, InterpolationStart],
  },
  defaultMode: 'code',
};

/** Every token type the parser knows, categories included (a Chevrotain parser needs the full vocabulary). */
export const ALL_TOKEN_TYPES: readonly TokenType[] = [
  Name,
  Keyword,
  Literal,
  BinaryOperator,
  PrefixOperator,
  ...CODE_MODE,
  StringEnd,
  HeredocEnd,
  StringText,
  HeredocText,
  StringEscape,
  DollarEscape,
  InterpolationStart,
  StringNewline,
];

/** Concrete token types a lexer can produce (what a coverage test iterates over). */
export const LEXED_TOKEN_TYPES: readonly TokenType[] = ALL_TOKEN_TYPES.filter(
  (t) => t.PATTERN !== Lexer.NA && t !== Whitespace,
);
