import { isAssignable, T, typeToString, type Type } from '../types.ts';
import { arityText } from './args.ts';
import type { FunctionDef, FunctionParam } from './function-def.ts';

export interface CallProblem {
  readonly message: string;
  /** The argument at fault, from 0; absent for arity problems. */
  readonly argIndex?: number;
}

export interface CallCheck {
  /** The call's type; `error` when a problem leaves it unknown. */
  readonly type: Type;
  readonly problems: readonly CallProblem[];
}

/** The parameter an argument at `index` binds to (the variadic one past the fixed ones). */
export function paramAt(def: FunctionDef, index: number): FunctionParam | undefined {
  return def.params[index] ?? def.variadic;
}

/**
 * Checks a call's argument types against a function's signature, the way the
 * checker and signature help need it: arity, each argument's assignability,
 * then the generic rule for the return type.
 */
export function checkCall(def: FunctionDef, argTypes: readonly Type[]): CallCheck {
  const required = def.params.filter((p) => !p.optional).length + (def.variadic?.min ?? 0);
  if (argTypes.length < required || (!def.variadic && argTypes.length > def.params.length)) {
    return {
      type: T.error,
      problems: [{ message: `${def.name} expects ${arityText(def)}, got ${argTypes.length}` }],
    };
  }
  const problems: CallProblem[] = [];
  argTypes.forEach((t, i) => {
    const p = paramAt(def, i);
    if (p && !isAssignable(t, p.type)) {
      problems.push({
        argIndex: i,
        message: `argument ${i + 1} of ${def.name} (${p.name}) must be ${p.typeLabel ?? typeToString(p.type)}, got ${typeToString(t)}`,
      });
    }
  });
  if (problems.length > 0) return { type: T.error, problems };
  if (!def.rule) return { type: def.returns, problems };
  const r = def.rule(argTypes);
  if ('error' in r) {
    return { type: T.error, problems: [{ message: r.error, ...(r.argIndex !== undefined ? { argIndex: r.argIndex } : {}) }] };
  }
  return { type: r.type, problems };
}

/** `concat(lists: list(T)...) → list(T)`, for signature help and hover. */
export function signatureText(def: FunctionDef): string {
  const param = (p: FunctionParam) => `${p.name}${p.optional ? '?' : ''}: ${p.typeLabel ?? typeToString(p.type)}`;
  const parts = def.params.map(param);
  if (def.variadic) parts.push(`${param(def.variadic)}...`);
  return `${def.name}(${parts.join(', ')}) → ${def.returnsLabel ?? typeToString(def.returns)}`;
}

/**
 * The most specific type both `a` and `b` fit, or undefined when they have
 * nothing in common (`list(int)` and `list(string)`). `any`, `error` and
 * `null` give way to the other side.
 */
export function unify(a: Type, b: Type): Type | undefined {
  if (a.kind === 'error' || b.kind === 'error') return T.error;
  if (a.kind === 'any' || a.kind === 'null') return b;
  if (b.kind === 'any' || b.kind === 'null') return a;
  if ((a.kind === 'list' && b.kind === 'list') || (a.kind === 'map' && b.kind === 'map')) {
    const e = unify(a.element, b.element);
    return e && (a.kind === 'list' ? T.list(e) : T.map(e));
  }
  if (isAssignable(a, b) && isAssignable(b, a)) return a;
  return undefined;
}

/** Unifies many types; reports the first index that does not fit the ones before it. */
export function unifyAll(types: readonly Type[]): { type: Type } | { failedAt: number } {
  let acc: Type = T.any;
  for (let i = 0; i < types.length; i++) {
    const next = unify(acc, types[i] as Type);
    if (!next) return { failedAt: i };
    acc = next;
  }
  return { type: acc };
}
