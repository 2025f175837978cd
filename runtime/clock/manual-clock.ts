import { abortReason, type Clock } from './clock.ts';

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/** Lets promise continuations triggered by a fired timer run before the next one. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A virtual clock for tests: time stands still until the test advances it.
 * Timers fire in due order (ties in creation order) and the continuations of
 * each fired timer run before the next fires, so chains of sleeps behave as
 * they would in real time.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = {
        due: this.current + ms,
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Number of sleeps waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** When the next timer is due, or undefined when none waits. */
  nextDue(): number | undefined {
    return this.earliest()?.due;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(time: number): Promise<void> {
    await settle();
    for (;;) {
      const next = this.earliest();
      if (next === undefined || next.due > time) break;
      this.fire(next);
      await settle();
    }
    if (time > this.current) this.current = time;
  }

  /**
   * Jumps from timer to timer until `promise` settles and returns its result.
   * Fails when no timer is left to fire or `limitMs` of virtual time passes,
   * which means the awaited work is stuck.
   */
  async runUntil<T>(promise: Promise<T>, limitMs = 365 * 24 * 3600_000): Promise<T> {
    let done = false;
    const tracked = promise.finally(() => {
      done = true;
    });
    tracked.catch(() => undefined);
    const limit = this.current + limitMs;
    await settle();
    while (!done) {
      const next = this.earliest();
      if (next === undefined) throw new Error(`ManualClock.runUntil: nothing left to fire at t=${this.current}ms and the promise is still pending`);
      if (next.due > limit) throw new Error(`ManualClock.runUntil: still pending after ${limitMs}ms of virtual time`);
      this.fire(next);
      await settle();
    }
    return tracked;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((t) => t !== timer);
    if (timer.due > this.current) this.current = timer.due;
    timer.resolve();
  }
}
