import { parse } from '../grammar/index.ts';
import { makeDiagnostic, sortDiagnostics, SourceFile, type Diagnostic } from './diagnostics/index.ts';
import { findSourceFiles, loadSource, type FileSystem } from './sources/index.ts';

export interface CheckOptions {
  /** Files larger than this are refused (default 32 MiB). */
  readonly maxFileBytes?: number;
}

export interface CheckResult {
  /** Every file checked (directories expanded), sorted. */
  readonly files: readonly string[];
  /**
   * The text of each file, for renderers. A file that is not valid UTF-8 has
   * its lossy decoding here, only to show the error in context.
   */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** In output order (file, offset, code). */
  readonly diagnostics: readonly Diagnostic[];
}

function internalError(file: string, stage: string, error: unknown): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return makeDiagnostic('MBP9001', file, { start: 0, end: 0 }, { stage, detail });
}

/**
 * Every stage that runs on one file's text, collecting their diagnostics:
 * today parsing; binding, checking and linting join here. A stage that throws
 * becomes an MBP9001 diagnostic, so one bug cannot hide the other files' results.
 */
export function checkSource(source: SourceFile): Diagnostic[] {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source.text, source.path);
  } catch (error) {
    return [internalError(source.path, 'parser', error)];
  }
  const diagnostics = [...parsed.diagnostics];
  // A file of comments only is as empty as a blank one (which loadSource already refuses).
  if (diagnostics.length === 0 && parsed.module.declarations.length === 0) {
    diagnostics.push(makeDiagnostic('MBP1055', source.path, { start: 0, end: 0 }));
  }
  return diagnostics;
}

/** Checks text already in memory (an editor buffer, a benchmark) as `checkFiles` checks a file. */
export function checkText(text: string, file: string): { readonly source: SourceFile; readonly diagnostics: readonly Diagnostic[] } {
  const source = new SourceFile(file, text);
  return { source, diagnostics: sortDiagnostics(checkSource(source)) };
}

/**
 * `mbp check`: expands directories, loads each file, runs every stage, and
 * returns all the diagnostics at once. Shared by the CLI and the language server.
 */
export function checkFiles(fs: FileSystem, paths: readonly string[], options: CheckOptions = {}): CheckResult {
  const found = findSourceFiles(fs, paths);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const sources = new Map<string, SourceFile>();
  for (const file of found.files) {
    const loaded = loadSource(fs, file, options.maxFileBytes !== undefined ? { maxBytes: options.maxFileBytes } : {});
    if (!loaded.ok) {
      diagnostics.push(...loaded.diagnostics);
      if (loaded.display) sources.set(file, loaded.display);
      continue;
    }
    sources.set(file, loaded.source);
    diagnostics.push(...checkSource(loaded.source));
  }
  return { files: found.files, sources, diagnostics: sortDiagnostics(diagnostics) };
}
