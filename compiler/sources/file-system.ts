/**
 * The compiler reads files only through this interface, so tests (and the
 * language server, with unsaved buffers) can supply their own. It is
 * synchronous: compiling is CPU-bound over small files, and a synchronous
 * host keeps every stage simple (TypeScript's compiler host is the same).
 *
 * Failures other than "nothing there" throw an error carrying a Node-style
 * `code` (`EACCES`, `EISDIR`, …), which callers turn into diagnostics.
 */
export type FileKind = 'file' | 'directory' | 'other';

export interface FileStat {
  /** Symbolic links are followed; `other` is a device, socket or pipe. */
  readonly kind: FileKind;
  readonly size: number;
}

export interface DirEntry {
  readonly name: string;
  /** `symlink` entries are not followed by directory walks (no cycles). */
  readonly kind: FileKind | 'symlink';
}

export interface FileSystem {
  /** `undefined` when nothing exists at the path. */
  stat(path: string): FileStat | undefined;
  readFile(path: string): Uint8Array;
  readDir(path: string): readonly DirEntry[];
}

/** An error with a Node-style code, as thrown by implementations of {@link FileSystem}. */
export class FileSystemError extends Error {
  constructor(readonly code: string, path: string, detail: string) {
    super(`${code}: ${detail}, '${path}'`);
    this.name = 'FileSystemError';
  }
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  EISDIR: 'it is a directory',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/** A short, human reason for a file system error (no stack, no syscall name). */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined && REASONS[code] !== undefined) return REASONS[code];
  if (code !== undefined) return code;
  return error instanceof Error ? error.message : String(error);
}
