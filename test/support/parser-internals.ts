import { LEXED_TOKEN_TYPE_NAMES, RESERVED_WORDS, SOFT_KEYWORD_WORDS } from '../../grammar/index.ts';

/**
 * Words that show a parser's internals rather than the language: Chevrotain's
 * token type names (`RCurly`, `Identifier`), its exception names and default
 * messages ("Expecting token of type --> RCurly <--").
 */
const CHEVROTAIN_WORDS = [
  'EOF',
  'Keyword',
  'Literal',
  'BinaryOperator',
  'PrefixOperator',
  'Whitespace',
  'MismatchedTokenException',
  'NoViableAltException',
  'EarlyExitException',
  'NotAllInputParsedException',
  'NOT_ALL_INPUT_PARSED',
];
const PHRASES = [/Expecting/, /token of type/i, /-->/, /<--/, /\bMODE\b/, /\bcategories\b/];

// A keyword's type is its word capitalised (`If`, `Run`): English at the start of a sentence, not a leak.
const KEYWORD_TYPE_NAMES = new Set([...RESERVED_WORDS, ...SOFT_KEYWORD_WORDS].map((w) => w[0]!.toUpperCase() + w.slice(1)));
const typeNames = [...new Set([...LEXED_TOKEN_TYPE_NAMES, ...CHEVROTAIN_WORDS])].filter((n) => !KEYWORD_TYPE_NAMES.has(n));
const TYPE_NAME = new RegExp(`\\b(?:${typeNames.map((n) => n.replace(/[^\w]/g, '')).join('|')})\\b`);

/**
 * What in a message looks like a parser internal, or undefined. Text in
 * backticks quotes the user's own source and is not looked at (a blueprint
 * may well name something `Identifier`).
 */
export function parserInternalIn(message: string): string | undefined {
  for (const phrase of PHRASES) {
    const m = phrase.exec(message);
    if (m) return m[0];
  }
  const prose = message.replace(/`[^`\n]*`/g, '``');
  return TYPE_NAME.exec(prose)?.[0];
}
