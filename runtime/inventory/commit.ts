import { isDeepStrictEqual } from 'node:util';
import { InventoryInvalidError } from './errors.ts';
import { VERSIONED_COLLECTIONS, type Inventory, type VersionedCollection } from './types.ts';
import { findInventoryProblems } from './validate.ts';

type Versioned = { version: number } & Record<string, unknown>;

const isObject = (e: unknown): e is Versioned => typeof e === 'object' && e !== null && !Array.isArray(e);

/** `value` as it will be stored (JSON), as an array element: `undefined`, a function or a symbol become null. */
function stored(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/**
 * The collection `after` as it will be committed: each element that equals
 * the one it replaces (the one at the same index with the same key, else the
 * last with its key) is that committed element itself, shared with `before`
 * (never modified once committed); the others go through JSON, as they will
 * be stored, and into `changed`. Says whether the collection is unchanged as
 * a whole (same elements, same order). An element compared before its trip
 * through JSON is equal only if it was already what JSON would give (the
 * committed one is JSON, and the comparison is strict: a Date, a Map, a
 * prototype or an `undefined` field differ); an unequal one is compared again
 * after, so such a field alone is still no change. The draft is not
 * validated yet: what is not an array of objects counts as a change, and
 * validation reports it.
 */
function commitCollection(before: unknown, after: unknown, key: string, changed: Versioned[]): { value: unknown; same: boolean } {
  const old = Array.isArray(before) ? before : [];
  if (!Array.isArray(after)) return { value: after === undefined ? undefined : stored(after), same: false };
  let same = old.length === after.length;
  let byKey: Map<unknown, Versioned> | undefined;
  const value: unknown[] = new Array<unknown>(after.length);
  for (let i = 0; i < after.length; i++) {
    const e: unknown = after[i];
    if (!isObject(e)) {
      value[i] = stored(e);
      same = false;
      continue;
    }
    let prev: unknown = old[i];
    if (!isObject(prev) || prev[key] !== e[key]) {
      same = false;
      byKey ??= new Map(old.filter(isObject).map((x) => [x[key], x]));
      prev = byKey.get(e[key]);
    }
    if (prev === undefined) {
      const copy = stored(e) as Versioned;
      value[i] = copy;
      changed.push(copy);
      continue;
    }
    e.version = (prev as Versioned).version;
    if (isDeepStrictEqual(prev, e)) {
      value[i] = prev;
      continue;
    }
    const copy = stored(e) as Versioned;
    if (isDeepStrictEqual(prev, copy)) {
      value[i] = prev;
      continue;
    }
    value[i] = copy;
    changed.push(copy);
    same = false;
  }
  return { value, same };
}

/** The document without its serial and versioned collections: the small rest, compared whole. */
function rest(inv: Inventory): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inv };
  delete out.serial;
  for (const collection of Object.keys(VERSIONED_COLLECTIONS)) delete out[collection];
  return out;
}

/**
 * Turns the draft a transaction produced into the next committed document,
 * or returns undefined when it changed nothing (no write, serial unchanged).
 *
 * The store owns `serial` and every `version`: whatever the draft says there
 * is replaced. A changed or new object gets `version = new serial`, so
 * versions only grow, even across delete-and-recreate, and a saved plan that
 * recorded version N can tell "changed since" by a simple comparison.
 *
 * Each element is compared once, with the one it replaces; the document is
 * not compared again as a whole (with 100,000 servers that doubled the cost
 * of every commit, and `bind` commits once per group of instances).
 *
 * `untouched` (the copy-on-write draft's, draft.ts) names collections the
 * transaction never reached: `next` shares them with `before` as they are,
 * with no copy or comparison (no one modifies a committed document). The
 * whole of `next` is still validated: a change elsewhere can break a
 * reference into them, and skipping their schema check saved less (~30 ms
 * at 20,000 servers) than compiling a validator per set of collections cost.
 */
export function prepareCommit(before: Inventory, draft: Inventory, location: string, untouched: (collection: string) => boolean = () => false): Inventory | undefined {
  const prior = before as unknown as Record<string, unknown>;
  const source = draft as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const changed: Versioned[] = [];
  let same = true;
  for (const key of Object.keys(draft)) {
    if (untouched(key)) {
      out[key] = prior[key];
      continue;
    }
    if (Object.hasOwn(VERSIONED_COLLECTIONS, key)) {
      const c = commitCollection(prior[key], source[key], VERSIONED_COLLECTIONS[key as VersionedCollection], changed);
      if (c.value !== undefined) out[key] = c.value;
      if (!c.same) same = false;
      continue;
    }
    // Through JSON, as it will be stored: an `undefined` field, a Date or a Map
    // in the draft is compared and validated as it would be written.
    const text = JSON.stringify(source[key]);
    if (text !== undefined) out[key] = JSON.parse(text);
  }
  // A collection the draft no longer has at all is a change (validation then refuses it).
  for (const collection of Object.keys(VERSIONED_COLLECTIONS)) if (!Object.hasOwn(out, collection) && Object.hasOwn(prior, collection)) same = false;
  const next = out as unknown as Inventory;
  next.serial = before.serial;
  if (same && isDeepStrictEqual(rest(before), rest(next))) return undefined;
  next.serial = before.serial + 1;
  for (const e of changed) e.version = next.serial;
  const problems = findInventoryProblems(next);
  if (problems.length > 0) throw new InventoryInvalidError(location, problems, 'transaction');
  return next;
}
