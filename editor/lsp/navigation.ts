import type { MbpSymbol } from '../../compiler/binder/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import { RESERVED_WORDS, type Module, type Span } from '../../grammar/index.ts';
import { targetAt, type Target } from './symbol-at.ts';

/** A place in a file, by offsets; the server turns it into an LSP location. */
export interface Place {
  readonly file: string;
  readonly span: Span;
}

/** Where the thing at the cursor is declared: a symbol's name, or the file an import path names. */
export function definitionOf(checked: CheckedProgram, module: Module, offset: number): Place | undefined {
  const target = targetAt(checked, module, offset);
  if (target?.kind === 'import') return { file: target.file, span: { start: 0, end: 0 } };
  if (target?.kind !== 'symbol') return undefined;
  const { symbol } = target;
  return symbol.nameSpan && symbol.file !== '' ? { file: symbol.file, span: symbol.nameSpan } : undefined;
}

/** Every use of the symbol at the cursor (and its declaration when asked), in file and offset order. */
export function referencesOf(checked: CheckedProgram, module: Module, offset: number, includeDeclaration: boolean): Place[] {
  const target = targetAt(checked, module, offset);
  if (target?.kind !== 'symbol') return [];
  return placesOf(checked, target.symbol, includeDeclaration);
}

function placesOf(checked: CheckedProgram, symbol: MbpSymbol, includeDeclaration: boolean): Place[] {
  const places: Place[] = [];
  if (includeDeclaration && symbol.nameSpan && symbol.file !== '') places.push({ file: symbol.file, span: symbol.nameSpan });
  for (const r of checked.referencesOf(symbol)) places.push({ file: r.file, span: r.span });
  const seen = new Set<string>();
  return places
    .filter((p) => {
      const key = `${p.file}\0${p.span.start}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}

/** Why a rename is refused, in words for the user. */
export class RenameRefused extends Error {
  override readonly name = 'RenameRefused';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Reserved words, and the literals that read as values wherever an expression is expected. */
const NOT_A_NAME: ReadonlySet<string> = new Set([...RESERVED_WORDS, 'true', 'false', 'null']);

/** The symbol the cursor is on, when it can be renamed; throws `RenameRefused` saying why not. */
export function renameTarget(checked: CheckedProgram, module: Module, offset: number): Extract<Target, { kind: 'symbol' }> {
  const target = targetAt(checked, module, offset);
  if (!target) throw new RenameRefused('Only names declared in the blueprint can be renamed.');
  if (target.kind === 'std' || target.kind === 'function') throw new RenameRefused(`\`${target.kind === 'std' ? target.path : target.name}\` is built in and cannot be renamed.`);
  if (target.kind !== 'symbol') throw new RenameRefused('Only names declared in the blueprint can be renamed; keywords, attributes and blocks are part of the language.');
  const { symbol } = target;
  if (symbol.kind === 'context' || symbol.kind === 'std' || symbol.kind === 'function' || !symbol.nameSpan || symbol.file === '') {
    throw new RenameRefused(`\`${symbol.name}\` is built in and cannot be renamed.`);
  }
  return target;
}

/** The edits of a rename, by file; throws `RenameRefused` for an invalid or clashing new name. */
export function renameEdits(checked: CheckedProgram, module: Module, offset: number, newName: string): Map<string, { span: Span; text: string }[]> {
  const { symbol } = renameTarget(checked, module, offset);
  if (!NAME.test(newName)) throw new RenameRefused(`\`${newName}\` is not a name: use letters, digits and \`_\`, not starting with a digit.`);
  if (NOT_A_NAME.has(newName)) throw new RenameRefused(`\`${newName}\` is a keyword of the language and cannot be a name.`);
  if (newName !== symbol.name) {
    const names = symbol.kind === 'output' ? symbol.scope?.outputs : symbol.scope?.symbols;
    if (names?.has(newName)) throw new RenameRefused(`\`${newName}\` is already declared in the same scope.`);
  }
  const edits = new Map<string, { span: Span; text: string }[]>();
  for (const place of placesOf(checked, symbol, true)) {
    let list = edits.get(place.file);
    if (!list) edits.set(place.file, (list = []));
    list.push({ span: place.span, text: newName });
  }
  return edits;
}
