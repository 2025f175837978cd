/**
 * The language front end: text in, tokens, comments, AST and diagnostics out.
 * Everything outside grammar/ goes through this file.
 */
export { parse, tokenize, type ParseResult, type TokenizeResult } from './parse.ts';
export type { Token, Comment, TokenCategory } from './public-tokens.ts';
export type * from './ast.ts';
export { NODE_KINDS, ERROR_NODE_KINDS, BUILTIN_TYPE_NAMES } from './ast.ts';
export { forEachChild, walk } from './walk.ts';
export { LEXED_TOKEN_TYPE_NAMES, ERROR_TOKEN_TYPE_NAMES, RESERVED_WORDS, SOFT_KEYWORD_WORDS } from './vocabulary.ts';
export { formatDuration } from './literals.ts';
export { grammarDefinitionProblems } from './definition-problems.ts';
export { IncrementalParser } from './incremental-parse.ts';
