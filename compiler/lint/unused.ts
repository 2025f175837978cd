import type { Module } from '../../grammar/index.ts';
import type { MbpSymbol, SymbolKind } from '../binder/index.ts';
import type { CheckedProgram } from '../checker/index.ts';
import { infrastructuresOf } from '../checker/rules/index.ts';
import type { LintContext } from './lint-rule.ts';

/**
 * A program's symbols by file and kind, in id order, built once per checked
 * program: several rules ask, each for one kind, and a program has a symbol
 * per name, step and for-variable of every file.
 */
const BY_FILE_AND_KIND = new WeakMap<CheckedProgram, Map<string, Map<SymbolKind, MbpSymbol[]>>>();

function symbolsOf(checked: CheckedProgram, file: string, kind: SymbolKind): readonly MbpSymbol[] {
  let index = BY_FILE_AND_KIND.get(checked);
  if (index === undefined) {
    index = new Map();
    for (const s of checked.symbols) {
      let kinds = index.get(s.file);
      if (kinds === undefined) index.set(s.file, (kinds = new Map()));
      const list = kinds.get(s.kind);
      if (list === undefined) kinds.set(s.kind, [s]);
      else list.push(s);
    }
    BY_FILE_AND_KIND.set(checked, index);
  }
  return index.get(file)?.get(kind) ?? [];
}

/**
 * Symbols of one kind declared in the file and never used anywhere in the
 * program. Names starting with `_` are exempt (the usual "unused on
 * purpose"). A file without an infrastructure is a library: its top-level
 * declarations are what importers use, and the importers may not be part of
 * this check, so only its local names (workflow parameters, body `let`s) count.
 */
export function unusedSymbols(context: LintContext, kind: SymbolKind): MbpSymbol[] {
  const library = isLibrary(context.module);
  return symbolsOf(context.checked, context.file, kind).filter(
    (s) =>
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
