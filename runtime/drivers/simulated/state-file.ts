import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { findStateProblem, type HardwareState } from './state.ts';

/** Reads the state file; null when it does not exist. A damaged file is an error, never overwritten. */
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
  return parsed as HardwareState;
}

/** Temp file, fsync, rename, fsync of the directory: readers see the old or the new file, whole. */
async function writeAtomically(file: string, text: string, sync: boolean): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    if (sync) await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  if (!sync) return;
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

/**
 * Coalescing writer: changes only mark the state dirty; one write runs at a
 * time and each write carries every change made before it started, with at
 * least `intervalMs` between writes while nobody waits. Many instances
 * changing state at once cost a handful of writes, not one per call.
 * `flush()` is how a driver call makes its effect durable before it returns
 * (real hardware keeps what a call did when the caller dies): it waits for
 * the write covering the changes made so far, and no pause is taken while a
 * flush waits.
 */
export class StateFileWriter {
  /** Changes marked so far, and how many of them the last finished write covers. */
  private changes = 0;
  private written = 0;
  private running: Promise<void> | null = null;
  private failure: unknown = null;
  private waiters: { readonly upTo: number; readonly sync: boolean; readonly resolve: () => void; readonly reject: (e: unknown) => void }[] = [];
  private wake: (() => void) | null = null;
  private readonly file: string;
  private readonly serialize: () => string;
  private readonly intervalMs: number;

  constructor(file: string, serialize: () => string, intervalMs: number) {
    this.file = file;
    this.serialize = serialize;
    this.intervalMs = intervalMs;
  }

  markDirty(): void {
    this.changes++;
    this.running ??= this.loop();
  }

  /**
   * Resolves once every change made before the call is on disk; rejects if
   * a write failed. `sync: false` asks only that the change survive this
   * process (the file renamed into place, not fsynced): what a driver call
   * needs, at a fraction of the cost.
   */
  flush(options: { readonly sync?: boolean } = {}): Promise<void> {
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.written >= this.changes) return Promise.resolve();
    const upTo = this.changes;
    this.running ??= this.loop();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, sync: options.sync ?? true, resolve, reject });
      this.wake?.();
    });
  }

  private async loop(): Promise<void> {
    // Let the current burst of synchronous changes land in the same write.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.written < this.changes) {
        const upTo = this.changes;
        // Background writes and `flush()` are fsynced; a write only driver calls wait for is not.
        const sync = this.waiters.length === 0 || this.waiters.some((w) => w.sync);
        await writeAtomically(this.file, this.serialize(), sync);
        this.written = upTo;
        const due = this.waiters.filter((w) => w.upTo <= upTo);
        this.waiters = this.waiters.filter((w) => w.upTo > upTo);
        for (const w of due) w.resolve();
        if (this.written < this.changes && this.waiters.length === 0 && this.intervalMs > 0) await this.pause();
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

  /** `intervalMs`, cut short by a flush. */
  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.intervalMs);
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
