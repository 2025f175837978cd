import fs from 'node:fs';
import { systemClock, type Clock } from '../clock/index.ts';
import { makeHeader, type RunHeaderInput } from './header.ts';
import { nodeJournalFs, type JournalFs } from './journal-fs.ts';
import { journalPath, runsDirectory } from './layout.ts';
import type { CommitRecord, JournalRecord, RunEndRecord } from './records.ts';

/**
 * `batched`: every record reaches the OS with write() at once (it survives
 * SIGKILL of this process); fdatasync runs every `fsyncIntervalMs`.
 * `always`: additionally, `durable()` waits for an fdatasync covering every
 * record so far (power-loss safety); concurrent waiters share one fdatasync.
 */
export type FsyncMode = 'batched' | 'always';

export interface JournalOptions {
  readonly fsync?: FsyncMode;
  /** Default 200 ms. */
  readonly fsyncIntervalMs?: number;
  readonly clock?: Clock;
  readonly fs?: JournalFs;
}

export const DEFAULT_FSYNC_INTERVAL_MS = 200;

interface SyncWaiter {
  readonly upTo: number;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** An append-only JSON-lines journal of one run. */
export class JournalWriter {
  readonly fsync: FsyncMode;
  private readonly io: JournalFs;
  private readonly intervalMs: number;
  private fd: number | undefined;
  /** Records written / covered by a finished fdatasync. */
  private written = 0;
  private synced = 0;
  private syncing = false;
  private syncQueued = false;
  private failure: Error | undefined;
  private waiters: SyncWaiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private bytesWritten = 0;

  private constructor(
    readonly path: string,
    readonly runId: string,
    fd: number,
    options: JournalOptions,
  ) {
    this.fd = fd;
    this.io = options.fs ?? nodeJournalFs;
    this.fsync = options.fsync ?? 'batched';
    this.intervalMs = options.fsyncIntervalMs ?? DEFAULT_FSYNC_INTERVAL_MS;
  }

  /** Creates `<dir>/runs/<run-id>.jsonl` (never overwriting one) and writes its header, durably. */
  static async create(dir: string, header: RunHeaderInput, options: JournalOptions = {}): Promise<JournalWriter> {
    const io = options.fs ?? nodeJournalFs;
    const file = journalPath(dir, header.runId);
    fs.mkdirSync(runsDirectory(dir), { recursive: true });
    const writer = new JournalWriter(file, header.runId, io.createExclusive(file), options);
    writer.append(makeHeader(header, (options.clock ?? systemClock).now()));
    // The file's directory entry must outlive a power loss too, or the header fsync is for nothing.
    if (writer.fsync === 'always') io.syncDirectory(runsDirectory(dir));
    await writer.durable();
    return writer;
  }

  /** Bytes handed to the OS so far. */
  get bytes(): number {
    return this.bytesWritten;
  }

  /** Writes one record with write(): once this returns, a SIGKILL of this process cannot lose it. */
  append(record: JournalRecord): void {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    if (this.failure !== undefined) throw this.failure;
    const data = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    this.io.write(this.fd, data);
    this.bytesWritten += data.length;
    this.written += 1;
    if (this.timer === undefined && this.intervalMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.startSync();
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  commit(action: string, serial: number, at: number, detail?: string): void {
    const record: CommitRecord = detail === undefined ? { type: 'commit', action, serial, at } : { type: 'commit', action, serial, detail, at };
    this.append(record);
  }

  /** Resolves once every record appended so far is on stable storage. */
  durable(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.synced >= this.written) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo: this.written, resolve, reject });
      // Deferred a microtask so records appended in the same tick (many steps starting at once) share one fdatasync.
      if (!this.syncQueued) {
        this.syncQueued = true;
        queueMicrotask(() => {
          this.syncQueued = false;
          this.startSync();
        });
      }
    });
  }

  /** Writes the run-end record, syncs and closes. */
  async end(record: Omit<RunEndRecord, 'type'>): Promise<void> {
    this.append({ type: 'run-end', ...record });
    await this.close();
  }

  async close(): Promise<void> {
    if (this.fd === undefined) return;
    try {
      await this.durable();
    } finally {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      const fd = this.fd;
      this.fd = undefined;
      if (fd !== undefined) this.io.close(fd);
    }
  }

  private startSync(): void {
    if (this.syncing || this.fd === undefined || this.synced >= this.written) return;
    this.syncing = true;
    const upTo = this.written;
    this.io.datasync(this.fd, (err) => {
      this.syncing = false;
      if (err !== null) {
        this.failure = new Error(`cannot sync the run journal ${this.path}: ${err.message}`, { cause: err });
        for (const w of this.waiters) w.reject(this.failure);
        this.waiters = [];
        return;
      }
      this.synced = upTo;
      const waiting: SyncWaiter[] = [];
      for (const w of this.waiters) {
        if (w.upTo <= upTo) w.resolve();
        else waiting.push(w);
      }
      this.waiters = waiting;
      if (waiting.length > 0) this.startSync();
    });
  }
}
