import path from 'node:path';
import type { DirEntry, FileStat, FileSystem } from '../../compiler/sources/index.ts';

/** The texts of open documents by path; what the editor shows wins over the disk. */
export interface OpenTexts {
  textOf(file: string): string | undefined;
  paths(): Iterable<string>;
}

/**
 * The compiler's file system as the editor sees it: an open document's
 * unsaved text replaces the file on disk (or stands for a file not saved
 * yet); everything else is read from `base`.
 */
export class OverlayFileSystem implements FileSystem {
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly base: FileSystem,
    private readonly open: OpenTexts,
  ) {}

  stat(file: string): FileStat | undefined {
    const text = this.open.textOf(file);
    if (text !== undefined) return { kind: 'file', size: Buffer.byteLength(text, 'utf8') };
    return this.base.stat(file);
  }

  readFile(file: string): Uint8Array {
    const text = this.open.textOf(file);
    return text !== undefined ? this.encoder.encode(text) : this.base.readFile(file);
  }

  readDir(dir: string): readonly DirEntry[] {
    const extra: DirEntry[] = [];
    for (const file of this.open.paths()) {
      if (path.dirname(file) === dir) extra.push({ name: path.basename(file), kind: 'file' });
    }
    if (extra.length === 0) return this.base.readDir(dir);
    let entries: readonly DirEntry[] = [];
    try {
      entries = this.base.readDir(dir);
    } catch {
      // A folder that exists only through unsaved documents.
    }
    const names = new Set(entries.map((e) => e.name));
    return [...entries, ...extra.filter((e) => !names.has(e.name))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
