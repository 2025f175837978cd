import { InventoryInvalidError } from './errors.ts';
import { Mutex } from './mutex.ts';
import { assertNotNested, runLocked, type InventoryStore, type TransactionOptions } from './store.ts';
import type { Inventory } from './types.ts';
import { findInventoryProblems } from './validate.ts';

const LOCATION = 'memory';

/** An inventory held in this process only: for tests, `plan` dry runs, and as the reference store. */
export class MemoryInventoryStore implements InventoryStore {
  readonly location = LOCATION;
  #data: Inventory;
  readonly #mutex = new Mutex();

  constructor(initial: Inventory) {
    // Held as it would be stored in a file, so both stores see the same data.
    const data = JSON.parse(JSON.stringify(initial)) as Inventory;
    const problems = findInventoryProblems(data);
    if (problems.length > 0) throw new InventoryInvalidError(LOCATION, problems, 'file');
    this.#data = data;
  }

  async read(): Promise<Inventory> {
    return structuredClone(this.#data);
  }

  transaction<T>(fn: (draft: Inventory) => T | Promise<T>, opts?: TransactionOptions): Promise<T> {
    assertNotNested(this);
    return this.#mutex.run(() =>
      runLocked(
        this,
        this.location,
        async () => this.#data,
        fn,
        async (next) => {
          this.#data = next;
        },
        opts?.onSerial,
      ),
    );
  }
}
