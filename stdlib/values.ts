/**
 * The run-time value representation, shared by the compiler (constant
 * folding), the execution plan (literal values) and the runtime evaluator.
 *
 * Values are plain JSON so a plan can hold them verbatim and the same blueprint
 * gives a byte-identical plan:
 *
 * | static type (stdlib/types.ts)   | value                                              |
 * |---------------------------------|----------------------------------------------------|
 * | `string`                        | `string`                                           |
 * | `int`                           | `number`, always a safe integer (no floats)        |
 * | `bool`                          | `boolean`                                          |
 * | `duration`                      | `number`: integer milliseconds (`1m30s` → 90000)   |
 * | `size`                          | `number`: integer bytes (`2KiB` → 2048)            |
 * | `ip`                            | `string` in canonical form (`10.0.0.1`, `2001:db8::1`) |
 * | `cidr`                          | `string` (`10.0.0.0/24`)                           |
 * | `null`                          | `null`                                             |
 * | `list(T)`                       | `Value[]`                                          |
 * | `map(T)`, `object({...})`       | `{ [key]: Value }` (plain object, no prototype tricks) |
 * | `instance`, `subnet`, …         | an object whose fields the type describes          |
 *
 * A value does not carry its static type: `30s` and `30000` are the same
 * value; the checker's types say which one a position expects. Values are
 * treated as immutable; functions return new values and never mutate inputs.
 */
export type Value = string | number | boolean | null | readonly Value[] | ValueObject;

export interface ValueObject {
  readonly [key: string]: Value;
}

/** The dynamic shape of a value, as named in run-time error messages. */
export type ValueKind = 'string' | 'number' | 'bool' | 'null' | 'list' | 'object';

export function valueKind(v: Value): ValueKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

export function isList(v: Value): v is readonly Value[] {
  return Array.isArray(v);
}

export function isObject(v: Value): v is ValueObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep structural equality; object key order does not matter. */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isList(a)) {
    return isList(b) && a.length === b.length && a.every((x, i) => valueEquals(x, b[i] as Value));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && valueEquals(a[k] as Value, b[k] as Value));
  }
  return false;
}

/**
 * JSON text with object keys sorted, so equal values always print the same
 * (the plan must be byte-identical for the same inputs). `indent` as in
 * `JSON.stringify`.
 */
export function canonicalJson(v: Value, indent?: number): string {
  return JSON.stringify(sortKeys(v), null, indent);
}

function sortKeys(v: Value): Value {
  if (isList(v)) return v.map(sortKeys);
  if (isObject(v)) {
    const out: Record<string, Value> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k] as Value);
    return out;
  }
  return v;
}

/**
 * How a value reads inside `${...}` interpolation: strings as they are,
 * numbers in decimal, bools as `true`/`false`. Lists, objects and null have no
 * implicit text form (the caller reports it and suggests `json(...)`), so this
 * returns `undefined` for them.
 */
export function interpolationText(v: Value): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return undefined;
  }
}

/**
 * Whether an unknown JavaScript value is a `Value` (plain JSON: finite
 * numbers, plain objects). Used at the boundaries where data comes in
 * (TypeScript hooks, HTTP bodies, the plan file).
 */
export function isValue(x: unknown): x is Value {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(isValue);
  if (typeof x === 'object') {
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(x as object).every(isValue);
  }
  return false;
}
