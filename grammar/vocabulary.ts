import {
  HashComment,
  LEXED_TOKEN_TYPES,
  MalformedNumber,
  RESERVED_KEYWORDS,
  SOFT_KEYWORDS,
  StringNewline,
  UnterminatedBlockComment,
} from './tokens.ts';

/** Names of every token type the lexer can produce, comments included (for coverage tests over the examples). */
export const LEXED_TOKEN_TYPE_NAMES: readonly string[] = LEXED_TOKEN_TYPES.map((t) => t.name);

/** Token types that only exist in text with a lexical error (a valid example never has them). */
export const ERROR_TOKEN_TYPE_NAMES: readonly string[] = [MalformedNumber, StringNewline, UnterminatedBlockComment, HashComment].map(
  (t) => t.name,
);

/** Words that cannot be used as names (completion, rename checks). */
export const RESERVED_WORDS: readonly string[] = RESERVED_KEYWORDS.map((t) => (t.PATTERN as RegExp).source);

/** Words with a meaning in some positions that remain usable as names. */
export const SOFT_KEYWORD_WORDS: readonly string[] = SOFT_KEYWORDS.map((t) => (t.PATTERN as RegExp).source);
