// The language server (`mbp lsp`): the editor-facing layer over the compiler. See README.md.
export { startLanguageServer, DEFAULT_DEBOUNCE_MS, MEMORY_REQUEST, type ServerOptions, type InitializationOptions } from './server.ts';
export { SEMANTIC_TOKENS_LEGEND, CATEGORY_TOKEN_TYPES } from './semantic-tokens.ts';
