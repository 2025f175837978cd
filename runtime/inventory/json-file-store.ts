import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../clock/index.ts';
import { removeOrphanTempFiles } from './atomic-write.ts';
import { InventoryNotFoundError } from './errors.ts';
import { acquireFileLock, lockPathFor, type HeldLock } from './file-lock.ts';
import { InventoryFileAdapter, type LoadedInventory } from './json-file-adapter.ts';
import { Mutex } from './mutex.ts';
import { assertNotNested, DEFAULT_LOCK_TIMEOUT_MS, runLocked, type InventoryStore, type TransactionOptions } from './store.ts';
import type { Inventory } from './types.ts';

export interface JsonFileStoreOptions {
  /** Gives the time recorded in the lock file (tests pass a manual clock). */
  readonly clock?: Pick<Clock, 'now'>;
  /** Default for transactions that do not say. */
  readonly timeoutMs?: number;
  /** Default for transactions that do not say; shown to whoever waits for the lock. */
  readonly command?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * MBP_TEST_UNSAFE_NO_LOCK=1 skips the file lock. It exists only so the race
 * test can show, as a negative control, that without the lock two processes
 * DO allocate the same server; never set it anywhere else.
 */
export const UNSAFE_NO_LOCK_ENV = 'MBP_TEST_UNSAFE_NO_LOCK';

let warnedUnsafe = false;

/** One mutex per file, shared by every store object on it in this process. */
const mutexes = new Map<string, Mutex>();

function defaultCommand(): string {
  const [, script, ...args] = process.argv;
  return [path.basename(script ?? 'node'), ...args].join(' ');
}

/** The inventory in a JSON file (lowdb adapter), with a lock file for writers in other processes. */
export class JsonFileInventoryStore implements InventoryStore {
  readonly location: string;
  readonly #lockPath: string;
  readonly #mutex: Mutex;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #timeoutMs: number;
  readonly #command: string;
  readonly #unsafeNoLock: boolean;
  /** What this store's last transaction read or wrote: its next re-read is a `stat` while the file is unchanged. */
  readonly #loaded: { current?: LoadedInventory } = {};

  constructor(file: string, opts: JsonFileStoreOptions = {}) {
    this.location = path.resolve(file);
    this.#lockPath = lockPathFor(this.location);
    let mutex = mutexes.get(this.location);
    if (mutex === undefined) mutexes.set(this.location, (mutex = new Mutex()));
    this.#mutex = mutex;
    this.#clock = opts.clock ?? systemClock;
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.#command = opts.command ?? defaultCommand();
    this.#unsafeNoLock = (opts.env ?? process.env)[UNSAFE_NO_LOCK_ENV] === '1';
  }

  /**
   * Lock-free: the file is only ever replaced by an atomic rename, so any read
   * sees one whole commit. While the file is the one this store's last
   * transaction read or wrote (same stamp), a copy of that document.
   */
  async read(): Promise<Inventory> {
    const inv = await new InventoryFileAdapter(this.location, this.#loaded).readOwned();
    if (inv === null) throw new InventoryNotFoundError(this.location);
    return inv;
  }

  transaction<T>(fn: (draft: Inventory) => T | Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    assertNotNested(this.location);
    return this.#mutex.run(async () => {
      const lock = await this.#lock(opts);
      try {
        // A fresh adapter per transaction: its "last read succeeded" guard then covers exactly this re-read.
        const adapter = new InventoryFileAdapter(this.location, this.#loaded);
        // runLocked validates `next` (prepareCommit) right before it saves it.
        return await runLocked(this.location, this.location, () => this.#load(adapter), fn, (next) => adapter.writeValidated(next), opts.onSerial);
      } finally {
        await lock?.release();
      }
    });
  }

  async #lock(opts: TransactionOptions): Promise<HeldLock | undefined> {
    if (this.#unsafeNoLock) {
      if (!warnedUnsafe) {
        warnedUnsafe = true;
        process.emitWarning(`${UNSAFE_NO_LOCK_ENV}=1: the inventory lock is OFF (test-only switch); concurrent runs will corrupt allocations.`);
      }
      return undefined;
    }
    const lock = await acquireFileLock(this.#lockPath, {
      timeoutMs: opts.timeoutMs ?? this.#timeoutMs,
      command: opts.command ?? this.#command,
      clock: this.#clock,
      host: os.hostname(),
    }).catch((e: unknown) => {
      // No directory to put the lock in: there is no inventory there either.
      throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? new InventoryNotFoundError(this.location) : e;
    });
    // Only a lock holder writes, so any temp file left now belongs to a writer that was killed.
    await removeOrphanTempFiles(this.location).catch(() => undefined);
    return lock;
  }

  async #load(adapter: InventoryFileAdapter): Promise<Inventory> {
    const inv = await adapter.read();
    if (inv === null) throw new InventoryNotFoundError(this.location);
    return inv;
  }
}
