import { lookupFunction } from '../../stdlib/index.ts';
import type { ContextName, MbpSymbol, SymbolKind } from './symbols.ts';

/**
 * Symbols with no declaration in a file: the context values, `std`, and the
 * built-in functions. One set per binding, so ids stay unique within it.
 */
export class Builtins {
  readonly context: ReadonlyMap<ContextName, MbpSymbol>;
  readonly std: MbpSymbol;
  private readonly functions = new Map<string, MbpSymbol>();

  constructor(private readonly nextId: () => number, private readonly add: (s: MbpSymbol) => void) {
    const context = new Map<ContextName, MbpSymbol>();
    for (const name of ['instance', 'deployment', 'each'] as const) context.set(name, this.make('context', name));
    this.context = context;
    this.std = this.make('std', 'std');
  }

  /** The symbol of a built-in function, or undefined when there is no such function. */
  fn(name: string): MbpSymbol | undefined {
    const known = this.functions.get(name);
    if (known) return known;
    const def = lookupFunction(name);
    if (!def) return undefined;
    const made = this.make('function', name, def.doc);
    this.functions.set(name, made);
    return made;
  }

  private make(kind: SymbolKind, name: string, doc?: string): MbpSymbol {
    const s: MbpSymbol = { id: this.nextId(), kind, name, file: '', ...(doc !== undefined ? { doc } : {}) };
    this.add(s);
    return s;
  }
}

export const CONTEXT_NAMES: readonly ContextName[] = ['instance', 'deployment', 'each'];

export function isContextName(name: string): name is ContextName {
  return (CONTEXT_NAMES as readonly string[]).includes(name);
}
