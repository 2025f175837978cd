import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempDir {
  readonly path: string;
  /** Removes the directory and everything in it; safe to call twice. */
  cleanup(): void;
}

/** A fresh directory under the system's temp dir (`mbp-…`). */
export function makeTempDir(prefix = 'mbp-'): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` with a fresh temp dir and removes it afterwards, whether `fn` throws or not. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const temp = makeTempDir();
  try {
    return fn(temp.path);
  } finally {
    temp.cleanup();
  }
}

/** As {@link withTempDir}, for asynchronous work: the directory lives until the promise settles. */
export async function withTempDirAsync<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const temp = makeTempDir();
  try {
    return await fn(temp.path);
  } finally {
    temp.cleanup();
  }
}
