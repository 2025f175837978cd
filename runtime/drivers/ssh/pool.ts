import { abortReason } from '../../clock/index.ts';

export interface PoolLimits {
  /** Connections open to one host:port at a time. */
  readonly perHost: number;
  /** Connections open at a time, all hosts together. */
  readonly total: number;
  /** Commands (SSH channels) sharing one connection; OpenSSH allows 10 by default (MaxSessions). */
  readonly sessionsPerConnection: number;
  /** An unused connection is closed after this long. */
  readonly idleMs: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { perHost: 4, total: 32, sessionsPerConnection: 8, idleMs: 30_000 };

/** What the pool needs of a connection. */
export interface Poolable {
  close(): void;
  /** Called once when the connection ends, whoever ended it. */
  onClose(listener: () => void): void;
}

export interface Lease<C> {
  readonly connection: C;
  /** Gives the session back; `discard` closes the connection (it misbehaved). */
  release(discard?: boolean): void;
}

interface Entry<C> {
  readonly identity: string;
  readonly host: string;
  readonly ready: Promise<C>;
  /** The signal of the caller that opens it: its abort is not a failure of the host. */
  readonly opener: AbortSignal;
  connection?: C;
  sessions: number;
  closed: boolean;
  idleTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Connections reused within a run: a command goes to an open connection
 * of the same identity (user, host, port, credentials, pinned key) with a
 * free session; otherwise a new one is opened if the per-host and total
 * limits allow, evicting an idle connection if that makes room; otherwise
 * it waits its turn.
 */
export class ConnectionPool<C extends Poolable> {
  private readonly limits: PoolLimits;
  private entries: Entry<C>[] = [];
  private waiters: Array<() => void> = [];
  /** Connections opened since the pool was made. */
  opened = 0;

  constructor(limits: Partial<PoolLimits> = {}) {
    this.limits = { ...DEFAULT_POOL_LIMITS, ...limits };
  }

  /** Connections open or opening now. */
  get size(): number {
    return this.entries.length;
  }

  async acquire(host: string, identity: string, open: (signal: AbortSignal) => Promise<C>, signal: AbortSignal): Promise<Lease<C>> {
    for (;;) {
      signal.throwIfAborted();
      const shared = this.entries.find((e) => !e.closed && e.identity === identity && e.sessions < this.limits.sessionsPerConnection);
      if (shared !== undefined) {
        shared.sessions++;
        this.stopIdle(shared);
        try {
          return this.lease(shared, await raceAbort(shared.ready, signal));
        } catch (error) {
          shared.sessions--;
          // The opener gave up (its abort or time limit): try again rather than fail with its reason.
          if (!signal.aborted && shared.opener.aborted) continue;
          throw error;
        }
      }
      if (this.entries.filter((e) => e.host === host).length < this.limits.perHost && this.entries.length < this.limits.total) {
        return this.lease(...(await this.openEntry(host, identity, open, signal)));
      }
      const crowded = this.entries.length >= this.limits.total;
      const idle = this.entries.find((e) => e.sessions === 0 && e.connection !== undefined && (crowded || e.host === host));
      if (idle !== undefined) {
        this.discard(idle);
        continue;
      }
      await this.wait(signal);
    }
  }

  /** Closes every connection; later acquires open new ones. */
  closeAll(): void {
    for (const entry of [...this.entries]) this.discard(entry);
  }

  private async openEntry(host: string, identity: string, open: (signal: AbortSignal) => Promise<C>, signal: AbortSignal): Promise<[Entry<C>, C]> {
    let settle!: { resolve: (c: C) => void; reject: (e: unknown) => void };
    const ready = new Promise<C>((resolve, reject) => (settle = { resolve, reject }));
    ready.catch(() => undefined);
    const entry: Entry<C> = { identity, host, ready, opener: signal, sessions: 1, closed: false };
    this.entries.push(entry);
    try {
      const connection = await open(signal);
      this.opened++;
      if (entry.closed) {
        connection.close();
        throw new Error('the connection pool was closed while connecting');
      }
      entry.connection = connection;
      connection.onClose(() => this.discard(entry));
      settle.resolve(connection);
      return [entry, connection];
    } catch (error) {
      settle.reject(error);
      this.remove(entry);
      throw error;
    }
  }

  private lease(entry: Entry<C>, connection: C): Lease<C> {
    let released = false;
    return {
      connection,
      release: (discard = false) => {
        if (released) return;
        released = true;
        entry.sessions--;
        if (discard) this.discard(entry);
        else if (entry.sessions === 0 && !entry.closed) this.startIdle(entry);
        this.wake();
      },
    };
  }

  private discard(entry: Entry<C>): void {
    if (entry.closed) return;
    entry.closed = true;
    this.stopIdle(entry);
    this.remove(entry);
    entry.connection?.close();
  }

  private remove(entry: Entry<C>): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e !== entry);
    if (this.entries.length !== before) this.wake();
  }

  private startIdle(entry: Entry<C>): void {
    this.stopIdle(entry);
    entry.idleTimer = setTimeout(() => this.discard(entry), this.limits.idleMs);
    entry.idleTimer.unref?.();
  }

  private stopIdle(entry: Entry<C>): void {
    if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
  }

  private wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(done);
    });
  }

  /** Every waiter looks again, in the order they came. */
  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
