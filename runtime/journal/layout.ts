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

/** `20250314T101502Z-3fa9c1`: sorts by start time, unique enough for one inventory. */
export function newRunId(now: Date = new Date(), random: () => Buffer = () => crypto.randomBytes(3)): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${random().toString('hex')}`;
}
