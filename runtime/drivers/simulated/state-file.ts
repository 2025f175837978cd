import { existsSync, readFileSync } from 'node:fs';
import { writeAtomically } from './atomic-file.ts';
import { changeLogPath, readChangeLog, replayChangeLog } from './change-log-format.ts';
import { findStateProblem, type HardwareState } from './state.ts';

/**
 * The hardware state as the driver last left it: the state file with the
 * change log beside it replayed; null when there is no state file (a log
 * without one belongs to a datacenter moved away, and is ignored). A damaged
 * file is an error, never overwritten.
 */
export function loadStateFile(file: string): HardwareState | null {
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`simulated datacenter state file ${file} is not valid JSON (${(error as Error).message}); move it away to start from a fresh datacenter`);
  }
  const problem = findStateProblem(parsed);
  if (problem !== null) {
    throw new Error(`simulated datacenter state file ${file} is damaged: ${problem}; move it away to start from a fresh datacenter`);
  }
  const state = parsed as HardwareState;
  // Files written before the change log existed cover no log line.
  state.log_seq ??= 0;
  replayChangeLog(state, readChangeLog(changeLogPath(file)));
  const replayed = findStateProblem(state);
  if (replayed !== null) throw new Error(`simulated datacenter change log ${changeLogPath(file)} makes the state damaged: ${replayed}; move the state file and its log away to start from a fresh datacenter`);
  return state;
}

/** Background writes start at least this many times their last duration apart. */
const WRITE_SPACING = 10;

/**
 * Coalescing writer of the whole state file (the snapshot): changes only
 * mark the state dirty; one write runs at a time and each write carries
 * every change made before it started, at least `intervalMs` after the
 * previous one ended while nobody waits. Many instances changing state at
 * once cost a handful of writes, not one per call; a write that took T
 * starts the next no sooner than 10 T later, so a big file costs a bounded
 * share of the run. Each write is fsynced;
 * `afterWrite` runs once it is in place (the change log drops what it
 * holds). `flush()` waits for a write covering the changes made so far, and
 * no pause is taken while a flush waits. Driver calls do not wait for it:
 * the change log makes them durable (change-log.ts).
 */
export class StateFileWriter {
  /** Changes marked so far, and how many of them the last finished write covers. */
  private changes = 0;
  private written = 0;
  private running: Promise<void> | null = null;
  private failure: unknown = null;
  private waiters: { readonly upTo: number; readonly resolve: () => void; readonly reject: (e: unknown) => void }[] = [];
  private wake: (() => void) | null = null;
  private lastWriteEnd = Number.NEGATIVE_INFINITY;
  private lastWriteMs = 0;
  private readonly file: string;
  private readonly serialize: () => string;
  private readonly afterWrite: () => Promise<void>;
  private readonly intervalMs: number;

  constructor(options: { readonly file: string; readonly serialize: () => string; readonly afterWrite: () => Promise<void>; readonly intervalMs: number }) {
    this.file = options.file;
    this.serialize = options.serialize;
    this.afterWrite = options.afterWrite;
    this.intervalMs = options.intervalMs;
  }

  markDirty(): void {
    this.changes++;
    this.running ??= this.loop();
  }

  /** Resolves once every change made before the call is in the file, fsynced; rejects if a write failed. */
  flush(): Promise<void> {
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.written >= this.changes) return Promise.resolve();
    const upTo = this.changes;
    this.running ??= this.loop();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.wake?.();
    });
  }

  private async loop(): Promise<void> {
    // Let the current burst of synchronous changes land in the same write.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.written < this.changes) {
        // A big datacenter's file takes long to write: spacing writes by ten times that keeps them under a tenth of the run.
        const rest = this.lastWriteEnd + Math.max(this.intervalMs, WRITE_SPACING * this.lastWriteMs) - performance.now();
        if (this.waiters.length === 0 && rest > 0) await this.pause(rest);
        const upTo = this.changes;
        const start = performance.now();
        await writeAtomically(this.file, this.serialize(), true);
        await this.afterWrite();
        this.lastWriteEnd = performance.now();
        this.lastWriteMs = this.lastWriteEnd - start;
        this.written = upTo;
        const due = this.waiters.filter((w) => w.upTo <= upTo);
        this.waiters = this.waiters.filter((w) => w.upTo > upTo);
        for (const w of due) w.resolve();
      }
    } catch (error) {
      const waiting = this.waiters;
      this.waiters = [];
      if (waiting.length === 0) this.failure = error;
      for (const w of waiting) w.reject(error);
    } finally {
      this.running = null;
    }
  }

  /** `ms`, cut short by a flush. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    }).finally(() => (this.wake = null));
  }
}
