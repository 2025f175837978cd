import path from 'node:path';
import { FileSystemError, type DirEntry, type FileStat, type FileSystem } from './file-system.ts';

/**
 * A file in memory: text (stored as UTF-8), raw bytes, a special file
 * (`{ special: true }`: a device or pipe), or one that exists but cannot be
 * read (`{ unreadable: 'EACCES' }`).
 */
export type MemoryEntry = string | Uint8Array | { readonly special: true } | { readonly unreadable: string };

/** An in-memory {@link FileSystem} for tests. Paths are POSIX-style; directories exist implicitly above files. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, MemoryEntry>();
  private readonly directories = new Set<string>(['/']);

  constructor(files: Readonly<Record<string, MemoryEntry>> = {}) {
    for (const [file, entry] of Object.entries(files)) this.set(file, entry);
  }

  set(file: string, entry: MemoryEntry): this {
    const normal = path.posix.resolve('/', file);
    this.files.set(normal, entry);
    this.mkdir(path.posix.dirname(normal));
    return this;
  }

  mkdir(dir: string): this {
    for (let d = path.posix.resolve('/', dir); !this.directories.has(d); d = path.posix.dirname(d)) this.directories.add(d);
    return this;
  }

  stat(file: string): FileStat | undefined {
    const normal = path.posix.resolve('/', file);
    if (this.directories.has(normal)) return { kind: 'directory', size: 0 };
    const entry = this.files.get(normal);
    if (entry === undefined) return undefined;
    if (typeof entry === 'string') return { kind: 'file', size: Buffer.byteLength(entry, 'utf8') };
    if (entry instanceof Uint8Array) return { kind: 'file', size: entry.length };
    return 'special' in entry ? { kind: 'other', size: 0 } : { kind: 'file', size: 0 };
  }

  readFile(file: string): Uint8Array {
    const normal = path.posix.resolve('/', file);
    if (this.directories.has(normal)) throw new FileSystemError('EISDIR', file, 'illegal operation on a directory');
    const entry = this.files.get(normal);
    if (entry === undefined) throw new FileSystemError('ENOENT', file, 'no such file or directory');
    if (typeof entry === 'string') return new TextEncoder().encode(entry);
    if (entry instanceof Uint8Array) return entry;
    if ('unreadable' in entry) throw new FileSystemError(entry.unreadable, file, 'cannot read');
    throw new FileSystemError('EINVAL', file, 'not a regular file');
  }

  readDir(dir: string): readonly DirEntry[] {
    const normal = path.posix.resolve('/', dir);
    if (!this.directories.has(normal)) {
      throw new FileSystemError(this.files.has(normal) ? 'ENOTDIR' : 'ENOENT', dir, 'cannot list');
    }
    const entries: DirEntry[] = [];
    for (const d of this.directories) {
      if (d !== normal && path.posix.dirname(d) === normal) entries.push({ name: path.posix.basename(d), kind: 'directory' });
    }
    for (const [f, entry] of this.files) {
      if (path.posix.dirname(f) !== normal) continue;
      entries.push({ name: path.posix.basename(f), kind: typeof entry === 'object' && 'special' in entry ? 'other' : 'file' });
    }
    return entries;
  }
}
