import { T, typeToString, type ObjectField, type Type } from '../types.ts';
import { isList, isObject, valueEquals, type Value } from '../values.ts';
import { defineFunction, describe } from './args.ts';
import { unify, unifyAll } from './check-call.ts';
import { isMapLike, isOpen, listElement, mapElement, mismatch, sameListsRule } from './type-rules.ts';

export const length = defineFunction({
  name: 'length',
  params: [{ name: 'value', type: T.any, typeLabel: 'string | list(T) | map(T)', doc: 'A string, list, map or object.' }],
  returns: T.int,
  doc: 'The number of elements of a list, keys of a map or object, or characters of a string (Unicode code points, so "é" counts 1).',
  example: 'length(["a", "b"]) → 2',
  pure: true,
  rule: ([t]) =>
    t && (isMapLike(t) || t.kind === 'string' || t.kind === 'list')
      ? { type: T.int }
      : mismatch('length', 0, 'a string, list, map or object', t ?? T.null),
  impl: (a) => {
    const v = a.at(0);
    if (typeof v === 'string') return [...v].length;
    if (isList(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    return a.fail(`needs a string, list, map or object, got ${describe(v)}`, 0);
  },
});

export const concat = defineFunction({
  name: 'concat',
  params: [],
  variadic: { name: 'lists', type: T.list(T.any), typeLabel: 'list(T)', doc: 'Lists with the same element type.', min: 1 },
  returns: T.list(T.any),
  returnsLabel: 'list(T)',
  rule: (ts) => sameListsRule('concat', ts),
  doc: 'Joins lists end to end into one list, in argument order.',
  example: 'concat([1, 2], [3]) → [1, 2, 3]',
  pure: true,
  impl: (a) => a.values.flatMap((_, i) => a.list(i)),
});

export const flatten = defineFunction({
  name: 'flatten',
  params: [{ name: 'list', type: T.list(T.any), typeLabel: 'list(list(T))', doc: 'A list whose elements may be lists.' }],
  returns: T.list(T.any),
  returnsLabel: 'list(T)',
  rule: ([t]) => {
    let e = listElement(t ?? T.any);
    while (e.kind === 'list') e = e.element;
    return { type: T.list(e) };
  },
  doc: 'Replaces nested lists by their elements, at any depth, keeping the order.',
  example: 'flatten([[1, 2], [3], []]) → [1, 2, 3]',
  pure: true,
  impl: (a) => {
    const flat = (xs: readonly Value[]): Value[] => xs.flatMap((x) => (isList(x) ? flat(x) : [x]));
    return flat(a.list(0));
  },
});

export const keys = defineFunction({
  name: 'keys',
  params: [{ name: 'map', type: T.any, typeLabel: 'map(T)', doc: 'A map or object.' }],
  returns: T.list(T.string),
  rule: ([t]) => (t && isMapLike(t) ? { type: T.list(T.string) } : mismatch('keys', 0, 'a map or object', t ?? T.null)),
  doc: 'The keys of a map or object, sorted lexically (so the result never depends on how the map was written).',
  example: 'keys({ b = 1, a = 2 }) → ["a", "b"]',
  pure: true,
  impl: (a) => Object.keys(a.object(0)).sort(),
});

export const values = defineFunction({
  name: 'values',
  params: [{ name: 'map', type: T.any, typeLabel: 'map(T)', doc: 'A map or object.' }],
  returns: T.list(T.any),
  returnsLabel: 'list(T)',
  rule: ([t]) => (t && isMapLike(t) ? { type: T.list(mapElement(t)) } : mismatch('values', 0, 'a map or object', t ?? T.null)),
  doc: 'The values of a map or object, in the lexical order of their keys (the order `keys` gives).',
  example: 'values({ b = 1, a = 2 }) → [2, 1]',
  pure: true,
  impl: (a) => {
    const m = a.object(0);
    return Object.keys(m)
      .sort()
      .map((k) => m[k] as Value);
  },
});

export const merge = defineFunction({
  name: 'merge',
  params: [],
  variadic: { name: 'maps', type: T.any, typeLabel: 'map(T)', doc: 'Maps or objects; later ones win.', min: 1 },
  returns: T.map(T.any),
  returnsLabel: 'map(T)',
  rule: (ts) => {
    const bad = ts.findIndex((t) => !isMapLike(t));
    if (bad >= 0) return mismatch('merge', bad, 'a map or object', ts[bad] as Type);
    if (ts.every((t) => t.kind === 'object')) {
      const fields: Record<string, ObjectField> = {};
      for (const t of ts) if (t.kind === 'object') Object.assign(fields, t.fields);
      return { type: { kind: 'object', fields } };
    }
    const u = unifyAll(ts.filter((t) => !isOpen(t)).map(mapElement));
    return { type: T.map('type' in u ? u.type : T.any) };
  },
  doc: 'Merges maps or objects into one, shallowly: when a key appears in several, the last argument wins. This is how the narrower `vars` override the wider ones.',
  example: 'merge({ a = 1, b = 2 }, { b = 3 }) → { a = 1, b = 3 }',
  pure: true,
  impl: (a) => {
    const out: Record<string, Value> = {};
    a.values.forEach((_, i) => Object.assign(out, a.object(i)));
    return out;
  },
});

export const contains = defineFunction({
  name: 'contains',
  params: [
    { name: 'list', type: T.list(T.any), typeLabel: 'list(T)', doc: 'The list to search.' },
    { name: 'value', type: T.any, typeLabel: 'T', doc: 'The value to look for (compared deeply).' },
  ],
  returns: T.bool,
  rule: ([l, v]) =>
    l && v && !unify(listElement(l), v)
      ? { argIndex: 1, error: `contains: a value of type ${typeToString(v)} can never be in a ${typeToString(l)}` }
      : { type: T.bool },
  doc: 'Whether a list holds a value equal to the given one (lists and objects compare by content).',
  example: 'contains(["wan", "san"], "san") → true',
  pure: true,
  impl: (a) => {
    const v = a.at(1);
    return a.list(0).some((x) => valueEquals(x, v));
  },
});

export const lookup = defineFunction({
  name: 'lookup',
  params: [
    { name: 'map', type: T.any, typeLabel: 'map(T)', doc: 'A map or object.' },
    { name: 'key', type: T.string, doc: 'The key to read.' },
    { name: 'default', type: T.any, typeLabel: 'T', doc: 'Returned when the key is absent.', optional: true },
  ],
  returns: T.any,
  returnsLabel: 'T',
  rule: ([m, , d]) => {
    if (!m || !isMapLike(m)) return mismatch('lookup', 0, 'a map or object', m ?? T.null);
    const e = mapElement(m);
    if (!d) return { type: e };
    const u = unify(e, d);
    return u ? { type: u } : mismatch('lookup', 2, typeToString(e), d);
  },
  doc: 'Reads one key of a map, or returns `default` when the key is absent. Without a default a missing key is an error naming the keys that exist.',
  example: 'lookup({ a = 1 }, "b", 0) → 0',
  pure: true,
  impl: (a) => {
    const m = a.object(0);
    const key = a.string(1);
    if (Object.hasOwn(m, key)) return m[key] as Value;
    if (a.has(2)) return a.at(2);
    const known = Object.keys(m).sort();
    return a.fail(`no key "${key}" (the map has ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'no keys'})`, 1);
  },
});

export const distinct = defineFunction({
  name: 'distinct',
  params: [{ name: 'list', type: T.list(T.any), typeLabel: 'list(T)', doc: 'The list to deduplicate.' }],
  returns: T.list(T.any),
  returnsLabel: 'list(T)',
  rule: ([t]) => ({ type: t ?? T.list(T.any) }),
  doc: 'Removes repeated elements from a list, keeping the first occurrence of each.',
  example: 'distinct(["a", "b", "a"]) → ["a", "b"]',
  pure: true,
  impl: (a) => {
    const out: Value[] = [];
    for (const x of a.list(0)) if (!out.some((y) => valueEquals(x, y))) out.push(x);
    return out;
  },
});

export const sort = defineFunction({
  name: 'sort',
  params: [{ name: 'list', type: T.list(T.any), typeLabel: 'list(string) | list(int)', doc: 'Strings or numbers, not mixed.' }],
  returns: T.list(T.any),
  returnsLabel: 'list(T)',
  rule: ([t]) => {
    const e = listElement(t ?? T.any);
    const ok = isOpen(e) || ['string', 'int', 'duration', 'size', 'ip', 'cidr'].includes(e.kind);
    return ok ? { type: t ?? T.list(T.any) } : mismatch('sort', 0, 'a list of strings or numbers', t ?? T.null);
  },
  doc: 'Sorts a list of strings (by UTF-16 code unit, the same on every machine) or of numbers (ascending). A list mixing both, or holding lists or objects, is an error.',
  example: 'sort([3, 1, 2]) → [1, 2, 3]',
  pure: true,
  impl: (a) => {
    const xs = a.list(0);
    if (xs.every((x) => typeof x === 'number')) return [...(xs as number[])].sort((p, q) => p - q);
    if (xs.every((x) => typeof x === 'string')) return [...(xs as string[])].sort();
    return a.fail('needs a list of only strings or only numbers', 0);
  },
});

export const reverse = defineFunction({
  name: 'reverse',
  params: [{ name: 'list', type: T.list(T.any), typeLabel: 'list(T)', doc: 'The list to reverse.' }],
  returns: T.list(T.any),
  returnsLabel: 'list(T)',
  rule: ([t]) => ({ type: t ?? T.list(T.any) }),
  doc: 'The elements of a list in reverse order.',
  example: 'reverse([1, 2, 3]) → [3, 2, 1]',
  pure: true,
  impl: (a) => [...a.list(0)].reverse(),
});

export const coalesce = defineFunction({
  name: 'coalesce',
  params: [],
  variadic: { name: 'values', type: T.any, typeLabel: 'T', doc: 'Candidates, in order of preference.', min: 1 },
  returns: T.any,
  returnsLabel: 'T',
  rule: (ts) => {
    const u = unifyAll(ts);
    return 'type' in u ? { type: u.type } : mismatch('coalesce', u.failedAt, 'the same type as the values before it', ts[u.failedAt] as Type);
  },
  doc: 'The first argument that is neither null nor an empty string, as in Terraform. All of them null or empty is an error.',
  example: 'coalesce(null, "", "fallback") → "fallback"',
  pure: true,
  impl: (a) => {
    const found = a.values.find((v) => v !== null && v !== '');
    return found === undefined ? a.fail('every argument is null or an empty string') : found;
  },
});

export const COLLECTION_FUNCTIONS = [length, concat, flatten, keys, values, merge, contains, lookup, distinct, sort, reverse, coalesce] as const;
