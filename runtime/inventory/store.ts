import { AsyncLocalStorage } from 'node:async_hooks';
import { failpoint } from '../failpoints/index.ts';
import { prepareCommit } from './commit.ts';
import { copyOnWriteDraft } from './draft.ts';
import { NestedTransactionError } from './errors.ts';
import type { Inventory } from './types.ts';

export interface TransactionOptions {
  /** How long to wait for the lock before LockTimeoutError (default 10 s). */
  readonly timeoutMs?: number;
  /** Recorded in the lock file so a waiting user sees who holds it. */
  readonly command?: string;
  /**
   * Told the serial the transaction leaves the inventory at (the new one
   * when it wrote, the same one when it changed nothing), so a caller that
   * records it need not read a copy of the whole inventory back.
   */
  readonly onSerial?: (serial: number) => void;
}

/**
 * The inventory, changed only through transactions: take the lock → re-read
 * → validate → fn on a deep copy (copied on write, draft.ts) → validate the result → bump serial → write
 * → unlock. If fn throws, nothing is written and the error propagates. A
 * transaction that changes nothing writes nothing and keeps the serial.
 *
 * Kept asynchronous and free of file details so a PostgreSQL store can
 * implement it (a transaction with SELECT … FOR UPDATE).
 */
export interface InventoryStore {
  /** Where the inventory lives, for messages (a path, or `memory`). */
  readonly location: string;
  /** A consistent snapshot, validated; a fresh copy the caller may modify freely. */
  read(): Promise<Inventory>;
  transaction<T>(fn: (draft: Inventory) => T | Promise<T>, opts?: TransactionOptions): Promise<T>;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

export const FAILPOINT_AFTER_REREAD = 'inventory.after-reread';
export const FAILPOINT_BEFORE_WRITE = 'inventory.before-write';

/**
 * Stores with a transaction running in the current async context, by
 * identity (the store object, or the resolved file path shared by every store
 * on that file): a nested transaction on the same one would deadlock.
 */
const active = new AsyncLocalStorage<{ readonly identity: unknown; done: boolean }[]>();

/** The part of a transaction shared by every store, once the store holds its lock. */
export async function runLocked<T>(
  identity: unknown,
  location: string,
  load: () => Promise<Inventory>,
  fn: (draft: Inventory) => T | Promise<T>,
  save: (next: Inventory) => Promise<void>,
  onSerial?: (serial: number) => void,
): Promise<T> {
  const current = await load();
  await failpoint(FAILPOINT_AFTER_REREAD);
  // Copied on first use, collection by collection: a transaction pays for what it touches (draft.ts).
  const { draft, untouched } = copyOnWriteDraft(current);
  const frame = { identity, done: false };
  try {
    const result = await active.run([...(active.getStore() ?? []), frame], () => fn(draft));
    const next = prepareCommit(current, draft, location, untouched);
    if (next !== undefined) {
      await failpoint(FAILPOINT_BEFORE_WRITE);
      await save(next);
    }
    onSerial?.(next?.serial ?? current.serial);
    return result;
  } finally {
    // Work scheduled by fn that outlives the transaction may start its own later.
    frame.done = true;
  }
}

export function assertNotNested(identity: unknown): void {
  if (active.getStore()?.some((f) => f.identity === identity && !f.done)) throw new NestedTransactionError();
}
