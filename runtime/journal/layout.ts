import crypto from 'node:crypto';
import path from 'node:path';

/**
 * Where journals live: `<dir>/runs/<run-id>.jsonl`, `<dir>` being the
 * directory of the inventory file (`.mbp/` by default), so a run's record
 * travels with the inventory it changed.
 */

export const RUNS_FOLDER = 'runs';
export const JOURNAL_EXTENSION = '.jsonl';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function runsDirectory(dir: string): string {
  return path.join(dir, RUNS_FOLDER);
}

/** The folder journals go to for an inventory file. */
export function runsDirectoryForInventory(inventoryPath: string): string {
  return runsDirectory(path.dirname(inventoryPath));
}

export function journalPath(dir: string, runId: string): string {
  if (!isRunId(runId)) throw new Error(`${JSON.stringify(runId)} is not a run id (letters, digits, '.', '_' and '-')`);
  return path.join(runsDirectory(dir), runId + JOURNAL_EXTENSION);
}

export function isRunId(id: string): boolean {
  return RUN_ID.test(id) && id !== '.' && id !== '..';
}

/** The last id this process made: ids of one process are strictly increasing, even within a millisecond. */
let lastStamp = '';
let sequence = 0;

/**
 * `20250314T101502.123Z-0000-3fa9c1`: the start time to the millisecond, a
 * sequence number that orders the runs one process starts in the same
 * millisecond, and a random suffix that keeps two processes' ids apart. Ids
 * of one process sort in the order they were made (a clock stepping back
 * reuses the last stamp); runs are ordered by their header's start time with
 * the id breaking ties (`compareRunsNewestFirst`). Journals from before this format
 * (`20250314T101502Z-3fa9c1`, whole seconds) still list.
 */
export function newRunId(now: Date = new Date(), random: () => Buffer = () => crypto.randomBytes(3)): string {
  const stamp = now.toISOString().replace(/[-:]/g, '');
  if (stamp > lastStamp) {
    lastStamp = stamp;
    sequence = 0;
  } else sequence += 1;
  return `${lastStamp}-${String(sequence).padStart(4, '0')}-${random().toString('hex')}`;
}

const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{3}))?Z-/;

/** The start time a run id carries (ms since the epoch; whole seconds for the old format), if it is one `newRunId` made. */
export function runIdTime(id: string): number | undefined {
  const m = STAMP.exec(id);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/**
 * Newest first: by start time (the header's, else the id's), then by id, so
 * runs started in the same millisecond keep the order their ids give.
 */
export function compareRunsNewestFirst(a: { readonly id: string; readonly startedAt: number | undefined }, b: { readonly id: string; readonly startedAt: number | undefined }): number {
  const at = (r: typeof a): number => r.startedAt ?? runIdTime(r.id) ?? 0;
  return at(b) - at(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
