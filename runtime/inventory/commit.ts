import { isDeepStrictEqual } from 'node:util';
import { InventoryInvalidError } from './errors.ts';
import { VERSIONED_COLLECTIONS, type Inventory, type VersionedCollection } from './types.ts';
import { findInventoryProblems } from './validate.ts';

type Versioned = { version: number } & Record<string, unknown>;

function elements(inv: Inventory, collection: VersionedCollection): Versioned[] {
  // The draft is not validated yet: skip what is not an array of objects, validation reports it below.
  const items: unknown = inv[collection];
  return Array.isArray(items) ? items.filter((e): e is Versioned => typeof e === 'object' && e !== null) : [];
}

/**
 * Turns the draft a transaction produced into the next committed document,
 * or returns undefined when it changed nothing (no write, serial unchanged).
 *
 * The store owns `serial` and every `version`: whatever the draft says there
 * is replaced. A changed or new object gets `version = new serial`, so
 * versions only grow, even across delete-and-recreate, and a saved plan that
 * recorded version N can tell "changed since" by a simple comparison.
 */
export function prepareCommit(before: Inventory, draft: Inventory, location: string): Inventory | undefined {
  // Through JSON, as it will be stored: an `undefined` field, a Date or a Map
  // in the draft is compared and validated as it would be written.
  const next = JSON.parse(JSON.stringify(draft)) as Inventory;
  next.serial = before.serial;
  const changed: Versioned[] = [];
  for (const collection of Object.keys(VERSIONED_COLLECTIONS) as VersionedCollection[]) {
    const key = VERSIONED_COLLECTIONS[collection];
    const old = new Map(elements(before, collection).map((e) => [e[key], e]));
    for (const e of elements(next, collection)) {
      const prev = old.get(e[key]);
      if (prev === undefined) {
        changed.push(e);
        continue;
      }
      e.version = prev.version;
      if (!isDeepStrictEqual(prev, e)) changed.push(e);
    }
  }
  if (isDeepStrictEqual(before, next)) return undefined;
  next.serial = before.serial + 1;
  for (const e of changed) e.version = next.serial;
  const problems = findInventoryProblems(next);
  if (problems.length > 0) throw new InventoryInvalidError(location, problems, 'transaction');
  return next;
}
