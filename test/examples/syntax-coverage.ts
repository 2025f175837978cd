import { LEXED_TOKEN_TYPE_NAMES, NODE_KINDS, walk, type ParseResult } from '../../grammar/index.ts';

/**
 * Which AST node kinds and token types a parsed file uses, for the tests
 * that hold the examples (every kind and token) and the language reference
 * (the error-only ones) to the grammar's exported lists.
 */

/**
 * Kinds and tokens that only a broken file produces: a value or type that
 * could not be parsed, a digit run that is no literal, a `#` line, a block
 * comment or one-line string left open. The examples parse without
 * diagnostics, so they cannot contain these; the `mbp-error` blocks of
 * docs/language.md must (test/docs/language-examples.test.ts).
 */
export const ERROR_ONLY_KINDS: readonly string[] = ['ErrorExpr', 'ErrorType'];
export const ERROR_ONLY_TOKENS: readonly string[] = ['MalformedNumber', 'HashComment', 'UnterminatedBlockComment', 'StringNewline'];

export interface SyntaxUse {
  readonly kinds: Set<string>;
  readonly tokens: Set<string>;
}

export function emptyUse(): SyntaxUse {
  return { kinds: new Set(), tokens: new Set() };
}

/** Adds the node kinds, token types and comment types of one parse to `into`. */
export function addUse(into: SyntaxUse, parsed: ParseResult): void {
  walk(parsed.module, (node) => {
    into.kinds.add(node.kind);
  });
  for (const t of parsed.tokens) into.tokens.add(t.type);
  for (const c of parsed.comments) into.tokens.add(c.type);
}

/** What of `all` is not in `used`, in the order of `all`. */
export function missingFrom(all: readonly string[], used: ReadonlySet<string>): string[] {
  return all.filter((name) => !used.has(name));
}

export const ALL_KINDS: readonly string[] = NODE_KINDS;
export const ALL_TOKENS: readonly string[] = LEXED_TOKEN_TYPE_NAMES;
