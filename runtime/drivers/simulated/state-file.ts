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
async function writeAtomically(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, file);
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
 * least `intervalMs` between writes. Many instances changing state at once
 * cost a handful of writes, not one per call.
 */
export class StateFileWriter {
  private dirty = false;
  private running: Promise<void> | null = null;
  private failure: unknown = null;
  private readonly file: string;
  private readonly serialize: () => string;
  private readonly intervalMs: number;

  constructor(file: string, serialize: () => string, intervalMs: number) {
    this.file = file;
    this.serialize = serialize;
    this.intervalMs = intervalMs;
  }

  markDirty(): void {
    this.dirty = true;
    this.running ??= this.loop();
  }

  /** Resolves once every change made before the call is on disk; rejects if a write failed. */
  async flush(): Promise<void> {
    while (this.running !== null) await this.running;
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
  }

  private async loop(): Promise<void> {
    // Let the current burst of synchronous changes land in the same write.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeAtomically(this.file, this.serialize());
        if (this.dirty && this.intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
      }
    } catch (error) {
      this.failure = error;
    } finally {
      this.running = null;
    }
  }
}
