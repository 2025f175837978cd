import fs from 'node:fs';

/** The few file operations the journal writer needs, so tests can count fsyncs or make writes fail. */
export interface JournalFs {
  /** Creates the file; fails if it exists. */
  createExclusive(file: string): number;
  /** Hands the bytes to the OS (one or more write() calls). */
  write(fd: number, data: Buffer): void;
  datasync(fd: number, done: (err: Error | null) => void): void;
  /** Makes a new directory entry durable; a no-op where directories cannot be synced. */
  syncDirectory(dir: string): void;
  close(fd: number): void;
}

export const nodeJournalFs: JournalFs = {
  createExclusive: (file) => fs.openSync(file, 'wx', 0o600),
  write(fd, data) {
    let offset = 0;
    while (offset < data.length) offset += fs.writeSync(fd, data, offset, data.length - offset);
  },
  datasync: (fd, done) => fs.fdatasync(fd, done),
  syncDirectory(dir) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(dir, 'r');
      fs.fsyncSync(fd);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw e;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
  close: (fd) => fs.closeSync(fd),
};
