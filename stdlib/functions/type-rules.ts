import { T, typeToString, type Type } from '../types.ts';
import { unifyAll } from './check-call.ts';
import type { TypeRuleResult } from './function-def.ts';

/** Types known only at run time pass every rule; the runtime checks the value. */
export function isOpen(t: Type): boolean {
  return t.kind === 'any' || t.kind === 'error';
}

/** `map(T)` or `object({...})`: the shapes functions over keys accept. */
export function isMapLike(t: Type): boolean {
  return isOpen(t) || t.kind === 'map' || t.kind === 'object';
}

/** The element type of a map or object: the unified field types, `any` when they differ. */
export function mapElement(t: Type): Type {
  if (t.kind === 'map') return t.element;
  if (t.kind === 'object') {
    const u = unifyAll(Object.values(t.fields).map((f) => f.type));
    return 'type' in u ? u.type : T.any;
  }
  return T.any;
}

/** The element type of a list, or `any`. */
export function listElement(t: Type): Type {
  return t.kind === 'list' ? t.element : T.any;
}

/** Rule for functions whose arguments must all be lists of one element type, returning such a list. */
export function sameListsRule(fn: string, argTypes: readonly Type[]): TypeRuleResult {
  const u = unifyAll(argTypes.map(listElement));
  if ('failedAt' in u) {
    return {
      argIndex: u.failedAt,
      error: `${fn}: argument ${u.failedAt + 1} is ${typeToString(argTypes[u.failedAt] as Type)}, which does not match the lists before it`,
    };
  }
  return { type: T.list(u.type) };
}

export function mismatch(fn: string, index: number, expected: string, got: Type): TypeRuleResult {
  return { argIndex: index, error: `${fn}: argument ${index + 1} must be ${expected}, got ${typeToString(got)}` };
}

