import type { InventoryStore, TransactionOptions } from './store.ts';
import type { Inventory } from './types.ts';

/**
 * A small change to the draft; true when it changed something (so the
 * commit that holds it bumps the serial).
 */
export type GroupChange = (draft: Inventory) => boolean;

interface Waiter {
  readonly change: GroupChange;
  readonly resolve: (serial: number) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: changes submitted while a transaction is in flight are folded
 * into the next one (one re-read, one write, one fsync and rename for all of
 * them), and each caller resumes only after the write that holds its change.
 * A change that throws, or leaves the draft invalid, fails the whole group;
 * the group is then committed one change at a time so only its own caller
 * sees the error. Changes must therefore be safe to run twice on a fresh
 * draft (idempotent, no effects outside the draft).
 */
export class GroupCommit {
  #pending: Waiter[] = [];
  #running = false;

  constructor(
    private readonly store: InventoryStore,
    private readonly options: TransactionOptions = {},
  ) {}

  /** Resolves with the serial of the committed inventory that holds the change. */
  submit(change: GroupChange): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.#pending.push({ change, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#pending.length > 0) await this.#commit(this.#pending.splice(0));
    } finally {
      this.#running = false;
    }
  }

  async #commit(group: readonly Waiter[]): Promise<void> {
    let serial: number;
    try {
      serial = await this.store.transaction((draft) => {
        let changed = false;
        for (const w of group) if (w.change(draft)) changed = true;
        // The store bumps the serial by one when the draft differs.
        return changed ? draft.serial + 1 : draft.serial;
      }, this.options);
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else for (const w of group) await this.#commit([w]);
      return;
    }
    for (const w of group) w.resolve(serial);
  }
}

const queues = new WeakMap<InventoryStore, GroupCommit>();

/** `change` committed through the store's shared group-commit queue (one per store object). */
export function groupCommit(store: InventoryStore, change: GroupChange, options?: TransactionOptions): Promise<number> {
  let queue = queues.get(store);
  if (queue === undefined) queues.set(store, (queue = new GroupCommit(store, options)));
  return queue.submit(change);
}
