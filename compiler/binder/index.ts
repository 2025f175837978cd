// The binder: a program from entry files (imports followed), scopes, symbols and every resolved reference.
export { loadProgram, importTarget, type Program, type ProgramFile, type LoadProgramOptions, type ParseFunction } from './program.ts';
export { bind, type Binding } from './binder.ts';
export {
  describeKind,
  type MbpSymbol,
  type SymbolKind,
  type DeclarationNode,
  type ContextName,
  type Scope,
  type ScopeKind,
  type Reference,
} from './symbols.ts';
export { CONTEXT_NAMES, isContextName } from './builtins.ts';
export { suggestName, listChoices } from './suggest.ts';
