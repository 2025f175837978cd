import writeFileAtomic from 'write-file-atomic';

/** Where `mbp fmt` writes: an interface so tests and editors can supply their own. */
export interface FileWriter {
  /** Replaces the file's content all at once: a reader sees the old text or the new, never a mix. */
  replaceFile(file: string, text: string): void;
}

/**
 * The disk, through write-file-atomic: the new text goes to a temporary
 * file beside the target, is flushed, takes the target's mode and owner and
 * is renamed over it; a symbolic link is followed, so the link stays a
 * link; on failure the temporary file is removed and the target untouched.
 */
export class NodeFileWriter implements FileWriter {
  replaceFile(file: string, text: string): void {
    writeFileAtomic.sync(file, text);
  }
}
