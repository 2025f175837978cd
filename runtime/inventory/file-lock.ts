import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import type { Clock } from '../clock/index.ts';
import { LockTimeoutError, type LockHolder } from './errors.ts';
import { isProcessAlive } from './process-alive.ts';

/**
 * A lock file beside the inventory, created with `open(…, 'wx')` (atomic:
 * exactly one creator wins) and holding `{ pid, host, command, time }`.
 *
 * A lock whose process is gone (same host, `kill(pid, 0)` fails with ESRCH)
 * is stale. Two waiters may notice the same stale lock; to keep both from
 * removing it (the second would delete the first's fresh lock), removal
 * happens under a short-lived guard file `<lock>.takeover`, again created
 * with `wx`, and only if the lock still holds the very content judged stale.
 */

export interface AcquireOptions {
  readonly timeoutMs: number;
  readonly command: string;
  /** Gives the time written into the lock file; waiting itself is always in real time. */
  readonly clock: Pick<Clock, 'now'>;
  readonly host?: string;
}

export interface HeldLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

/** A lock file that names no holder (its creator died between create and write) is stale after this long. */
export const UNREADABLE_LOCK_GRACE_MS = 5_000;
/** A takeover guard is held for a few milliseconds; one older than this was left by a killed process. */
const GUARD_STALE_MS = 10_000;
const GUARD_UNREADABLE_GRACE_MS = 1_000;
const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 200;

/** Lock path → exact file content, for the locks this process holds now. */
const held = new Map<string, string>();

function readHolder(raw: string): LockHolder | null {
  try {
    const v = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.command === 'string' && typeof v.time === 'string') {
      return { pid: v.pid, host: v.host, command: v.command, time: v.time };
    }
  } catch {
    // fall through: not (yet) a complete lock file
  }
  return null;
}

async function createExclusive(file: string, content: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  // Ours from the moment it exists: a signal arriving while the holder is
  // still being written must remove it too.
  held.set(file, content);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

interface Observed {
  readonly raw: string;
  readonly holder: LockHolder | null;
  readonly ageMs: number;
}

async function observe(file: string): Promise<Observed | undefined> {
  try {
    const [raw, st] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { raw, holder: readHolder(raw), ageMs: Date.now() - st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function isStale(lockPath: string, seen: Observed, host: string, unreadableGraceMs: number): boolean {
  if (seen.holder === null) return seen.ageMs > unreadableGraceMs;
  // Another host's pid means nothing here: never guess, the timeout error tells the user what to do.
  if (seen.holder.host !== host) return false;
  // Our own pid but not a lock we hold: left by an earlier process that had the same pid (containers restart at low pids).
  if (seen.holder.pid === process.pid) return !held.has(lockPath);
  return !isProcessAlive(seen.holder.pid);
}

/** Removes `lockPath` if it still holds `staleRaw`. False when another process is taking it over right now. */
async function takeOver(lockPath: string, staleRaw: string, host: string): Promise<boolean> {
  const guard = `${lockPath}.takeover`;
  const mine = JSON.stringify({ pid: process.pid, host, command: 'takeover', time: new Date().toISOString() });
  if (!(await createExclusive(guard, mine))) {
    const other = await observe(guard);
    if (other !== undefined && (isStale(guard, other, host, GUARD_UNREADABLE_GRACE_MS) || other.ageMs > GUARD_STALE_MS)) {
      await unlink(guard).catch(() => undefined);
    }
    return false;
  }
  try {
    const now = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (now === staleRaw) await unlink(lockPath);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
  return true;
}

function releaseSync(lockPath: string): void {
  const content = held.get(lockPath);
  held.delete(lockPath);
  try {
    if (content !== undefined && readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
  } catch {
    // already gone: nothing to release
  }
}

// --- release on exit and on SIGINT/SIGTERM --------------------------------

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let handlersInstalled = false;

function releaseAllSync(): void {
  for (const lockPath of [...held.keys()]) releaseSync(lockPath);
}

function onSignal(signal: NodeJS.Signals): void {
  // If the program has its own handler it owns the shutdown (the CLI stops
  // cleanly and the running transaction finishes and unlocks); releasing now
  // could let it write without the lock. The exit hook is the backstop.
  if (process.listenerCount(signal) > 1) return;
  releaseAllSync();
  uninstallHandlers();
  // Die of the same signal, as if we had never listened.
  process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', releaseAllSync);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.removeListener('exit', releaseAllSync);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

// ---------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock, polling with exponential backoff; throws LockTimeoutError
 * naming the holder when `timeoutMs` passes. The returned handle's
 * `release` removes the file only if it is still ours.
 */
export async function acquireFileLock(lockPath: string, opts: AcquireOptions): Promise<HeldLock> {
  const host = opts.host ?? os.hostname();
  const holder: LockHolder = { pid: process.pid, host, command: opts.command, time: new Date(opts.clock.now()).toISOString() };
  const content = `${JSON.stringify(holder)}\n`;
  const started = performance.now();
  let delay = FIRST_POLL_MS;
  // Listening before the lock file can exist leaves no moment in which a
  // SIGTERM would kill us holding a lock nobody removes.
  installHandlers();
  for (;;) {
    if (await createExclusive(lockPath, content)) {
      return {
        path: lockPath,
        holder,
        release: async () => {
          releaseSync(lockPath);
          if (held.size === 0) uninstallHandlers();
        },
      };
    }
    const seen = await observe(lockPath);
    if (seen === undefined) continue; // released between our attempt and our look: try again at once
    if (isStale(lockPath, seen, host, UNREADABLE_LOCK_GRACE_MS) && (await takeOver(lockPath, seen.raw, host))) continue;
    const waited = performance.now() - started;
    if (waited >= opts.timeoutMs) {
      if (held.size === 0) uninstallHandlers();
      throw new LockTimeoutError(lockPath, seen.holder, opts.timeoutMs, seen.holder === null || seen.holder.host === host);
    }
    await sleep(Math.min(delay, opts.timeoutMs - waited));
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}

/** Where the lock of an inventory file lives. */
export function lockPathFor(inventoryPath: string): string {
  return `${inventoryPath}.lock`;
}
