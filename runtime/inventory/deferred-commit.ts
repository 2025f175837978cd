import type { InventoryStore, TransactionOptions } from './store.ts';
import type { Inventory } from './types.ts';

/**
 * Applies a batch of recorded changes to a draft; true when it changed
 * something. It must be idempotent and must not throw for a change that no
 * longer applies (skip it): a batch can be applied again after a failed
 * write, and the caller that recorded a change has long since moved on.
 */
export type ApplyBatch<C> = (draft: Inventory, batch: readonly C[]) => boolean;

export interface DeferredCommitOptions<C> extends TransactionOptions {
  readonly apply: ApplyBatch<C>;
  /**
   * At most one checkpoint commit per this many milliseconds (the first one
   * goes at once), and never closer than nine times the last one took: a
   * whole-file commit of a large inventory then costs at most a tenth of the
   * run's time, however large the file.
   */
  readonly intervalMs: number;
  /** Told of each checkpoint that changed the file: its serial and how many changes it held. */
  readonly onCommit?: (serial: number, changes: number) => void;
  /** Wall time for the rate limit (default `Date.now`): checkpoints are real I/O, not simulated time. */
  readonly now?: () => number;
}

/**
 * Changes whose durable record lives elsewhere (the run journal's `bind`
 * records), brought into the inventory by checkpoint commits: `record`
 * returns at once, a background transaction folds everything recorded so far
 * at most once per `intervalMs`, and `close` hands back what no checkpoint
 * committed yet, for the caller's last transaction to fold. A whole-file
 * commit per change (or per small group) made every bind O(servers).
 *
 * A checkpoint that fails (lock timeout, disk full) keeps its changes for
 * the next one; `close` waits for the one in flight.
 */
/** Idle time between checkpoints, in multiples of the last one's duration. */
const BUSY_RATIO = 9;

export class DeferredCommit<C> {
  #pending: C[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #lastStart = -Infinity;
  #lastTook = 0;
  #closed = false;
  readonly #now: () => number;

  constructor(
    private readonly store: InventoryStore,
    private readonly options: DeferredCommitOptions<C>,
  ) {
    this.#now = options.now ?? Date.now;
  }

  /** Changes recorded and not yet in a committed checkpoint. */
  get pending(): number {
    return this.#pending.length;
  }

  record(change: C): void {
    if (this.#closed) throw new Error('deferred commit: a change was recorded after close()');
    this.#pending.push(change);
    this.#schedule();
  }

  /** Stops checkpointing and returns the changes no checkpoint committed, once the one in flight (if any) has ended. */
  async close(): Promise<C[]> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#inFlight !== undefined) await this.#inFlight;
    return this.#pending.splice(0);
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== undefined || this.#inFlight !== undefined || this.#pending.length === 0) return;
    // A zero delay still lets the changes recorded in the same turn join the first checkpoint.
    const gap = Math.max(this.options.intervalMs, BUSY_RATIO * this.#lastTook);
    const delay = Math.max(0, this.#lastStart + gap - this.#now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#inFlight = this.#checkpoint().finally(() => {
        this.#inFlight = undefined;
        this.#schedule();
      });
    }, delay);
    // A pending checkpoint must not keep the process alive: `close` folds what it would have written.
    this.#timer.unref();
  }

  async #checkpoint(): Promise<void> {
    this.#lastStart = this.#now();
    const batch = this.#pending.splice(0);
    const { apply, onCommit, intervalMs: _i, now: _n, ...txOptions } = this.options;
    try {
      // The store bumps the serial by one when the draft differs.
      const serial = await this.store.transaction((draft) => (apply(draft, batch) ? draft.serial + 1 : undefined), txOptions);
      if (serial !== undefined) onCommit?.(serial, batch.length);
    } catch {
      // Kept for the next checkpoint, or for the caller's last transaction.
      this.#pending.unshift(...batch);
    } finally {
      this.#lastTook = this.#now() - this.#lastStart;
    }
  }
}
