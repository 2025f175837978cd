import { isList, isObject, valueKind, type Value, type ValueObject } from '../values.ts';
import { FunctionError, type CallContext, type FunctionDef } from './function-def.ts';

/**
 * Typed access to a call's arguments. The checker has usually proven the
 * types already, but deferred values reach the runtime unchecked, so every
 * accessor verifies and throws a FunctionError naming the argument.
 */
export class Args {
  constructor(
    readonly fn: string,
    readonly values: readonly Value[],
  ) {}

  get length(): number {
    return this.values.length;
  }

  fail(message: string, argIndex?: number): never {
    throw new FunctionError(this.fn, 'argument', message, argIndex);
  }

  at(i: number): Value {
    return this.values[i] ?? null;
  }

  has(i: number): boolean {
    return i < this.values.length;
  }

  string(i: number, what = 'argument'): string {
    const v = this.at(i);
    if (typeof v !== 'string') this.fail(`${what} ${i + 1} must be a string, got ${describe(v)}`, i);
    return v;
  }

  int(i: number, what = 'argument'): number {
    const v = this.at(i);
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      this.fail(`${what} ${i + 1} must be a whole number, got ${describe(v)}`, i);
    }
    return v;
  }

  list(i: number, what = 'argument'): readonly Value[] {
    const v = this.at(i);
    if (!isList(v)) this.fail(`${what} ${i + 1} must be a list, got ${describe(v)}`, i);
    return v;
  }

  object(i: number, what = 'argument'): ValueObject {
    const v = this.at(i);
    if (!isObject(v)) this.fail(`${what} ${i + 1} must be a map or object, got ${describe(v)}`, i);
    return v;
  }

  /** Arguments from `start` on, as a list (for variadic parameters). */
  rest(start: number): readonly Value[] {
    return this.values.slice(start);
  }
}

/** A short description of a value for messages: its kind, and the value itself when small. */
export function describe(v: Value): string {
  const kind = valueKind(v);
  if (kind === 'list' || kind === 'object') return kind;
  const text = JSON.stringify(v);
  return text.length <= 40 ? `${kind} ${text}` : kind;
}

/** The implementation signature functions are written against. */
export type Impl = (args: Args, ctx: CallContext) => Value;

/**
 * Builds a FunctionDef: checks the argument count against the declared
 * parameters (so no implementation repeats it) before running `impl`.
 */
export function defineFunction(def: Omit<FunctionDef, 'impl'> & { readonly impl: Impl }): FunctionDef {
  const required = def.params.filter((p) => !p.optional).length;
  const fixed = def.params.length;
  const impl = def.impl;
  return Object.freeze({
    ...def,
    impl: (values: readonly Value[], ctx: CallContext): Value => {
      const n = values.length;
      const min = required + (def.variadic?.min ?? 0);
      if (n < min || (!def.variadic && n > fixed)) {
        throw new FunctionError(def.name, 'arity', `expects ${arityText(def)}, got ${n}`);
      }
      return impl(new Args(def.name, values), ctx);
    },
  });
}

/** "2 arguments", "1 to 3 arguments", "at least 1 argument". */
export function arityText(def: Pick<FunctionDef, 'params' | 'variadic'>): string {
  const required = def.params.filter((p) => !p.optional).length;
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (def.variadic) return `at least ${plural(required + def.variadic.min)}`;
  if (required === def.params.length) return plural(required);
  return `${required} to ${plural(def.params.length)}`;
}
