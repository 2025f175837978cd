import { link, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { failpoint } from '../failpoints/index.ts';
import { isProcessAlive } from './process-alive.ts';

/**
 * Crash-safe replacement of a file: a reader (or a crash at any instant) sees
 * either the old content or the new, never a mix. The temp file lives in the
 * same directory so the rename stays on one filesystem and is atomic.
 */

export const FAILPOINT_BEFORE_RENAME = 'inventory.before-rename';

let sequence = 0;

function tempNameFor(target: string): string {
  sequence += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${sequence}.tmp`);
}

async function writeDurable(file: string, data: string, mode?: number): Promise<void> {
  // The mode is set at creation: a secret is never readable by others, not even for an instant.
  const fh = await open(file, 'wx', mode);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes the rename itself durable: without it a power loss can bring the old directory entry back. */
async function syncDirectory(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    // Some platforms cannot fsync a directory (Windows: EPERM/EISDIR); the rename is still atomic there.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw e;
  } finally {
    await fh?.close();
  }
}

async function removeQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

/** temp file → fsync → rename over `target` → fsync the directory. */
export async function replaceFileAtomically(target: string, data: string): Promise<void> {
  const temp = tempNameFor(target);
  try {
    await writeDurable(temp, data);
    await failpoint(FAILPOINT_BEFORE_RENAME);
    await rename(temp, target);
  } catch (e) {
    await removeQuietly(temp);
    throw e;
  }
  await syncDirectory(path.dirname(target));
}

/**
 * Creates `target` with `data` only if it does not exist, atomically and
 * complete: a hard link fails with EEXIST when the name is taken, and the
 * linked file is already written and synced. Returns false if it existed.
 * `mode` (default 0666 less the umask) is the file's from its creation.
 */
export async function createFileExclusively(target: string, data: string, options: { readonly mode?: number } = {}): Promise<boolean> {
  const temp = tempNameFor(target);
  try {
    await writeDurable(temp, data, options.mode);
    await link(temp, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await removeQuietly(temp);
  }
  await syncDirectory(path.dirname(target));
  return true;
}

/** Deletes temp files that writers killed before their rename left behind (their process is gone). */
export async function removeOrphanTempFiles(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isProcessAlive(pid)) continue;
    await removeQuietly(path.join(dir, name));
    removed.push(name);
  }
  return removed;
}
