import { VERSIONED_COLLECTIONS, type Inventory, type VersionedCollection } from './types.ts';

/** A transaction's draft and how to tell which of its collections `fn` never reached. */
export interface CopyOnWriteDraft {
  readonly draft: Inventory;
  /**
   * True while `collection` was neither read nor assigned nor redefined nor
   * deleted: the draft still holds it only as the accessor installed here, so
   * its value is, by construction, the committed document's.
   */
  untouched(collection: string): boolean;
}

const isCollection = (key: string): key is VersionedCollection => Object.hasOwn(VERSIONED_COLLECTIONS, key);

/**
 * The draft a transaction's `fn` receives, copied on first use: the small
 * fields are deep-copied at once, each versioned collection (servers,
 * switches, …: nearly all of the document) only when `fn` first reads or
 * assigns it, so a transaction pays for the collections it touches, and the
 * commit then compares, normalises and schema-checks only those (commit.ts).
 *
 * The copy is made by a getter that replaces itself with a plain data
 * property holding a deep copy (`structuredClone`), so `fn` sees an ordinary
 * object: spreading the draft, `JSON.stringify(draft)`, `Object.keys` and
 * in-place changes all behave as on a whole deep copy, and nothing `fn` does
 * can reach `current`. Keys keep the document's order (the written file is
 * byte-for-byte what a whole copy would give).
 */
export function copyOnWriteDraft(current: Inventory): CopyOnWriteDraft {
  const draft = {} as Record<string, unknown>;
  const source = current as unknown as Record<string, unknown>;
  const accessors = new Map<string, PropertyDescriptor['get']>();
  for (const key of Object.keys(source)) {
    if (!isCollection(key)) {
      draft[key] = structuredClone(source[key]);
      continue;
    }
    const materialise = (value: unknown): void => {
      Object.defineProperty(draft, key, { value, writable: true, enumerable: true, configurable: true });
    };
    const get = (): unknown => {
      const copy = structuredClone(source[key]);
      materialise(copy);
      return copy;
    };
    accessors.set(key, get);
    Object.defineProperty(draft, key, { get, set: materialise, enumerable: true, configurable: true });
  }
  return {
    draft: draft as unknown as Inventory,
    untouched: (collection) => {
      const get = accessors.get(collection);
      return get !== undefined && Object.getOwnPropertyDescriptor(draft, collection)?.get === get;
    },
  };
}
