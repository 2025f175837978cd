import fs from 'node:fs';
import path from 'node:path';

/** Where `mbp fmt` writes: an interface so tests and editors can supply their own. */
export interface FileWriter {
  /** Replaces the file's content all at once: a reader sees the old text or the new, never a mix. */
  replaceFile(file: string, text: string): void;
}

let sequence = 0;

/**
 * The disk: the new text goes to a temporary file beside the target,
 * is flushed to disk, takes the target's permissions and is renamed over
 * it. A symbolic link is followed, so the link stays a link. On failure the
 * temporary file is removed and the target is untouched.
 */
export class NodeFileWriter implements FileWriter {
  replaceFile(file: string, text: string): void {
    const target = fs.realpathSync(file);
    const mode = fs.statSync(target).mode & 0o7777;
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${++sequence}.tmp`);
    let fd: number | undefined;
    try {
      fd = fs.openSync(temp, 'wx', mode);
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = undefined;
      fs.chmodSync(temp, mode); // the umask may have narrowed the mode given to open
      fs.renameSync(temp, target);
    } catch (error) {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }
}
