import { isDeepStrictEqual } from 'node:util';
import { InventoryInvalidError } from './errors.ts';
import { VERSIONED_COLLECTIONS, type Inventory, type VersionedCollection } from './types.ts';
import { findInventoryProblems } from './validate.ts';

type Versioned = { version: number } & Record<string, unknown>;

const isObject = (e: unknown): e is Versioned => typeof e === 'object' && e !== null && !Array.isArray(e);

/**
 * Gives each element of `after` its version from the element it replaces
 * (the one at the same index with the same key, else the last with its key),
 * collects those that are new or differ into `changed`, and says whether the
 * collection is unchanged as a whole (same elements, same order). The draft
 * is not validated yet: what is not an array of objects counts as a change,
 * and validation reports it.
 */
function compareCollection(before: unknown, after: unknown, key: string, changed: Versioned[]): boolean {
  const old = Array.isArray(before) ? before : [];
  if (!Array.isArray(after)) return false;
  let same = old.length === after.length;
  let byKey: Map<unknown, Versioned> | undefined;
  for (let i = 0; i < after.length; i++) {
    const e: unknown = after[i];
    if (!isObject(e)) {
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
      changed.push(e);
      continue;
    }
    e.version = (prev as Versioned).version;
    if (!isDeepStrictEqual(prev, e)) {
      changed.push(e);
      same = false;
    }
  }
  return same;
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
 */
export function prepareCommit(before: Inventory, draft: Inventory, location: string): Inventory | undefined {
  // Through JSON, as it will be stored: an `undefined` field, a Date or a Map
  // in the draft is compared and validated as it would be written.
  const next = JSON.parse(JSON.stringify(draft)) as Inventory;
  next.serial = before.serial;
  const changed: Versioned[] = [];
  let same = true;
  for (const collection of Object.keys(VERSIONED_COLLECTIONS) as VersionedCollection[]) {
    if (!compareCollection(before[collection], next[collection], VERSIONED_COLLECTIONS[collection], changed)) same = false;
  }
  if (same && isDeepStrictEqual(rest(before), rest(next))) return undefined;
  next.serial = before.serial + 1;
  for (const e of changed) e.version = next.serial;
  const problems = findInventoryProblems(next);
  if (problems.length > 0) throw new InventoryInvalidError(location, problems, 'transaction');
  return next;
}
