import fs from 'node:fs';
import type { DirEntry, FileStat, FileSystem } from './file-system.ts';

/** The real disk. Relative paths resolve against the process's working directory, so callers pass absolute ones. */
export class NodeFileSystem implements FileSystem {
  stat(path: string): FileStat | undefined {
    let stats: fs.Stats | undefined;
    try {
      stats = fs.statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      // `a.mbp/b` where a.mbp is a file: nothing is there, as for ENOENT.
      if ((error as { code?: unknown }).code === 'ENOTDIR') return undefined;
      throw error;
    }
    if (!stats) return undefined;
    return { kind: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other', size: stats.size };
  }

  readFile(path: string): Uint8Array {
    return fs.readFileSync(path);
  }

  readDir(path: string): readonly DirEntry[] {
    return fs.readdirSync(path, { withFileTypes: true }).map((entry) => ({
      name: entry.name,
      kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other',
    }));
  }
}
