import { open, unlink, type FileHandle } from 'node:fs/promises';
import { failpoint } from '../../failpoints/index.ts';
import { writeAtomically } from './atomic-file.ts';
import { pathKey, valueAt, type ChangeRecord, type StatePath } from './change-log-format.ts';
import type { HardwareState } from './state.ts';

/** Between the snapshot's rename and the log's truncation: a kill here leaves records the snapshot already holds. */
export const FAILPOINT_BEFORE_LOG_TRUNCATE = 'simulated.before-log-truncate';

/** What a snapshot holds: log lines up to `seq`, changes marked up to `version`. */
export interface SnapshotCover {
  readonly seq: number;
  readonly version: number;
}

interface Dirty {
  readonly path: StatePath;
  readonly version: number;
}

/**
 * Appends driver changes to the log beside the state file, so a call's
 * effect survives this process at the cost of its own entities, not of the
 * whole file. Changes are marked as they happen; `commit()` appends every
 * entity marked since the last append, in one line and one `write` (no
 * fsync) shared by all calls waiting at that moment. Appends and truncations
 * run one after another on one lane. Once a snapshot is on disk, the lines
 * it covers are dropped from the log.
 */
export class ChangeLog {
  /** The last sequence number given to a line. */
  private seq: number;
  private version = 0;
  private readonly dirty = new Map<string, Dirty>();
  /** Lines in the log file that a snapshot may not cover yet. */
  private lines: { readonly seq: number; readonly text: string }[] = [];
  private handle: FileHandle | null = null;
  private lane: Promise<void> = Promise.resolve();
  /** The batch not yet taken (calls join it), and the last one queued. */
  private next: Promise<void> | null = null;
  private last: Promise<void> | null = null;
  private readonly file: string;
  private readonly state: HardwareState;

  constructor(file: string, state: HardwareState) {
    this.file = file;
    this.state = state;
    this.seq = state.log_seq;
  }

  mark(path: StatePath): void {
    this.version++;
    this.dirty.set(pathKey(path), { path, version: this.version });
  }

  /** Resolves once every change marked so far is in the log (or in a snapshot on disk). */
  commit(): Promise<void> {
    if (this.next !== null) return this.next;
    if (this.dirty.size === 0) return this.last ?? Promise.resolve();
    const batch = this.lane.then(() => this.appendBatch());
    this.lane = batch.catch(() => undefined);
    this.next = batch;
    this.last = batch;
    void batch.then(
      () => this.settled(batch),
      () => this.settled(batch),
    );
    return batch;
  }

  /** Taken as the snapshot is serialised: it holds every change marked so far. */
  cover(): SnapshotCover {
    return { seq: this.seq, version: this.version };
  }

  /** After the snapshot of `cover` is on disk: its changes need no log line, and the lines it holds go. */
  compact(cover: SnapshotCover): Promise<void> {
    for (const [key, entry] of this.dirty) if (entry.version <= cover.version) this.dirty.delete(key);
    const done = this.lane.then(() => this.truncate(cover.seq));
    this.lane = done.catch(() => undefined);
    return done;
  }

  async close(): Promise<void> {
    await this.lane;
    await this.handle?.close();
    this.handle = null;
  }

  private settled(batch: Promise<void>): void {
    if (this.last === batch) this.last = null;
  }

  private async appendBatch(): Promise<void> {
    // Calls finishing in the same turn of the event loop share this append.
    await new Promise((resolve) => setImmediate(resolve));
    this.next = null;
    if (this.dirty.size === 0) return;
    const taken = [...this.dirty.values()];
    this.dirty.clear();
    const sets: ChangeRecord[] = taken.map((entry) => ({ path: entry.path, value: valueAt(this.state, entry.path) }));
    const seq = ++this.seq;
    const text = `${JSON.stringify({ seq, sets })}\n`;
    try {
      this.handle ??= await open(this.file, 'a');
      await this.handle.appendFile(text);
    } catch (error) {
      // Not in the log: the next commit (or the snapshot) must still carry them.
      for (const entry of taken) if (!this.dirty.has(pathKey(entry.path))) this.dirty.set(pathKey(entry.path), entry);
      throw error;
    }
    this.lines.push({ seq, text });
  }

  private async truncate(coveredSeq: number): Promise<void> {
    await failpoint(FAILPOINT_BEFORE_LOG_TRUNCATE);
    const keep = this.lines.filter((line) => line.seq > coveredSeq);
    await this.handle?.close();
    this.handle = null;
    // A kill before this point leaves lines the snapshot holds: replay skips them by seq.
    if (keep.length === 0) await unlink(this.file).catch(ignoreMissing);
    else await writeAtomically(this.file, keep.map((line) => line.text).join(''), false);
    this.lines = keep;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
