import type { Module } from '../../grammar/index.ts';
import type { MbpSymbol, SymbolKind } from '../binder/index.ts';
import { infrastructuresOf } from '../checker/rules/index.ts';
import type { LintContext } from './lint-rule.ts';

/**
 * Symbols of one kind declared in the file and never used anywhere in the
 * program. Names starting with `_` are exempt (the usual "unused on
 * purpose"). A file without an infrastructure is a library: its top-level
 * declarations are what importers use, and the importers may not be part of
 * this check, so only its local names (workflow parameters, body `let`s) count.
 */
export function unusedSymbols(context: LintContext, kind: SymbolKind): MbpSymbol[] {
  const library = isLibrary(context.module);
  return context.checked.symbols.filter(
    (s) =>
      s.kind === kind &&
      s.file === context.file &&
      s.nameSpan !== undefined &&
      !s.name.startsWith('_') &&
      !(library && s.scope?.kind === 'module') &&
      // A named argument (`run w(x = 1)`) gives a workflow parameter its value: that is not a use of it.
      !context.checked.referencesOf(s).some((r) => r.node.kind !== 'NamedArg'),
  );
}

export function isLibrary(module: Module): boolean {
  return infrastructuresOf(module).length === 0;
}
