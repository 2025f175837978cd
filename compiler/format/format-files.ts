import { sortDiagnostics, type Diagnostic, type SourceFile } from '../diagnostics/index.ts';
import { findSourceFiles, loadSource, type FileSystem } from '../sources/index.ts';
import { format } from './format.ts';

export interface FormattedFile {
  readonly file: string;
  /** The text as read (a UTF-8 byte order mark dropped). */
  readonly original: string;
  /** Equal to `original` when the file has errors. */
  readonly formatted: string;
  readonly changed: boolean;
  /** Whether the file has errors (it is then left alone). */
  readonly failed: boolean;
}

export interface FormatFilesResult {
  /** Every blueprint that could be read, sorted; directories expanded as for `check`. */
  readonly files: readonly FormattedFile[];
  /** The text of each file, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Files that cannot be read and syntax errors, in output order. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Formats files in memory (nothing is written): the shared core of
 * `mbp fmt` and of editors formatting saved files. A file holding only
 * whitespace is left alone rather than reported, since there is nothing
 * to lay out.
 */
export function formatFiles(fs: FileSystem, paths: readonly string[]): FormatFilesResult {
  const found = findSourceFiles(fs, paths);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const sources = new Map<string, SourceFile>();
  const files: FormattedFile[] = [];
  for (const file of found.files) {
    const loaded = loadSource(fs, file);
    if (!loaded.ok) {
      if (loaded.diagnostics.every((d) => d.code === 'MBP1055')) continue;
      diagnostics.push(...loaded.diagnostics);
      if (loaded.display) sources.set(file, loaded.display);
      continue;
    }
    const original = loaded.source.text;
    sources.set(file, loaded.source);
    const result = format(original, file);
    const failed = result.diagnostics.some((d) => d.severity === 'error');
    diagnostics.push(...result.diagnostics);
    files.push({ file, original, formatted: result.text, changed: result.changed, failed });
  }
  return { files, sources, diagnostics: sortDiagnostics(diagnostics) };
}
