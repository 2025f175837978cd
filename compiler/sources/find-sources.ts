import path from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/index.ts';
import { describeError, type FileSystem } from './file-system.ts';

export const SOURCE_EXTENSION = '.mbp';

/** Directories a walk never enters: version control, tool state, dependencies. */
function skipDirectory(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

export interface SourceSet {
  /** Sorted, without duplicates. */
  readonly files: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

function walk(fs: FileSystem, dir: string, files: string[], diagnostics: Diagnostic[]): void {
  let entries;
  try {
    entries = fs.readDir(dir);
  } catch (error) {
    diagnostics.push(makeDiagnostic('MBP1051', dir, { start: 0, end: 0 }, { reason: describeError(error) }));
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.kind === 'directory') {
      if (!skipDirectory(entry.name)) walk(fs, full, files, diagnostics);
    } else if (entry.name.endsWith(SOURCE_EXTENSION)) {
      // A symlink to a file is taken; one to a directory is not followed, so a link cycle cannot loop.
      if (entry.kind === 'file' || (entry.kind === 'symlink' && fs.stat(full)?.kind === 'file')) files.push(full);
    }
  }
}

/**
 * Expands the paths given on a command line: a directory stands for every
 * `*.mbp` file below it (hidden directories and node_modules skipped); any
 * other path is kept as given, whatever its extension or whether it exists,
 * for `loadSource` to read or report. A directory holding no blueprint is an
 * error (MBP1057), so a typo in a CI path cannot pass as "nothing to check".
 */
export function findSourceFiles(fs: FileSystem, paths: readonly string[]): SourceSet {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const given of paths) {
    let isDirectory = false;
    try {
      isDirectory = fs.stat(given)?.kind === 'directory';
    } catch {
      // loadSource will report why it cannot be read.
    }
    if (!isDirectory) {
      files.push(given);
      continue;
    }
    const found: string[] = [];
    walk(fs, given, found, diagnostics);
    if (found.length === 0 && !diagnostics.some((d) => d.file === given)) {
      diagnostics.push(makeDiagnostic('MBP1057', given, { start: 0, end: 0 }));
    }
    files.push(...found);
  }
  const unique = [...new Set(files)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files: unique, diagnostics };
}
