import writeFileAtomic from 'write-file-atomic';
import fs from 'node:fs';
import path from 'node:path';

/** Where checked results are kept between runs, keyed by {@link hookCacheKey}. Best effort: a failing cache only costs time. */
export interface ResultCache {
  read(key: string): string | undefined;
  write(key: string, text: string): void;
}

/** One JSON file per key in `dir`, written to a temporary name and renamed so a reader never sees half a file. */
export function directoryCache(dir: string): ResultCache {
  const fileFor = (key: string) => path.join(dir, `${key}.json`);
  return {
    read(key) {
      try {
        return fs.readFileSync(fileFor(key), 'utf8');
      } catch {
        return undefined;
      }
    },
    write(key, text) {
      try {
        fs.mkdirSync(dir, { recursive: true });
        // Not fsynced: a cache entry lost to a power cut is only recomputed.
        writeFileAtomic.sync(fileFor(key), text, { fsync: false });
      } catch {
        // A read-only checkout still checks hooks, just without reuse.
      }
    },
  };
}

/** A cache in memory, for tests and for one process's repeated checks. */
export function memoryCache(): ResultCache & { readonly entries: ReadonlyMap<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    read: (key) => entries.get(key),
    write: (key, text) => void entries.set(key, text),
  };
}
