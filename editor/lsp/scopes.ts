import type { Binding, MbpSymbol, Scope } from '../../compiler/binder/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import { fieldsOf } from '../../compiler/checker/index.ts';
import type { Node } from '../../grammar/index.ts';
import type { ObjectField, Type } from '../../stdlib/index.ts';

/** The innermost scope among the nodes touching the cursor (the binder's scopes, not a second resolver). */
export function scopeAt(binding: Binding, path: readonly Node[]): Scope | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const scope = binding.scopeOf(path[i]!);
    if (scope) return scope;
  }
  return undefined;
}

/** Every name usable from `scope`, the innermost declaration of each, with context values and `std`. */
export function visibleSymbols(binding: Binding, scope: Scope): MbpSymbol[] {
  const seen = new Set<string>();
  const out: MbpSymbol[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    for (const [name, symbol] of s.symbols) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push(symbol);
    }
    for (const name of s.context) {
      if (seen.has(name)) continue;
      const symbol = binding.lookup(s, name);
      if (symbol) {
        seen.add(name);
        out.push(symbol);
      }
    }
  }
  const std = seen.has('std') ? undefined : binding.lookup(scope, 'std');
  if (std) out.push(std);
  return out;
}

/** What a dotted chain (`std.ssh`, `k8s`, `tune`, `instance.server`) stands for, as far as members go. */
export type ChainTarget =
  | { readonly kind: 'std'; readonly path: string }
  | { readonly kind: 'module'; readonly file: string }
  | { readonly kind: 'fields'; readonly fields: Readonly<Record<string, ObjectField>>; readonly type: Type };

export function resolveChain(checked: CheckedProgram, scope: Scope, chain: readonly string[]): ChainTarget | undefined {
  const [first, ...rest] = chain;
  if (first === undefined) return undefined;
  const binding = checked.binding;
  const symbol = binding.lookup(scope, first);
  if (!symbol) return undefined;
  if (symbol.kind === 'std') return { kind: 'std', path: chain.join('.') };
  let type: Type;
  if (symbol.kind === 'import') {
    const file = binding.importedFile(symbol);
    if (file === undefined) return undefined;
    const [member, ...more] = rest;
    if (member === undefined) return { kind: 'module', file };
    const target = binding.moduleScope(file)?.symbols.get(member);
    if (!target || target.kind === 'import') return undefined;
    type = checked.typeOfSymbol(target);
    return fieldsAlong(type, more);
  }
  type = checked.typeOfSymbol(symbol);
  return fieldsAlong(type, rest);
}

function fieldsAlong(start: Type, names: readonly string[]): ChainTarget | undefined {
  let type = start;
  for (const name of names) {
    if (type.kind === 'map') {
      type = type.element;
      continue;
    }
    const field = fieldsOf(type)?.[name];
    if (!field) return undefined;
    type = field.type;
  }
  const fields = fieldsOf(type);
  return fields ? { kind: 'fields', fields, type } : undefined;
}
