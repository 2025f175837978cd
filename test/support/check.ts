import path from 'node:path';
import { checkFiles, checkFilesAsync, type CheckOptions, type CheckResult } from '../../compiler/index.ts';
import { countDiagnostics, renderDiagnostics, renderJson, renderSummary } from '../../compiler/diagnostics/index.ts';
import { MemoryFileSystem, NodeFileSystem, type FileSystem } from '../../compiler/sources/index.ts';
import { memoryCache } from '../../compiler/ts-hooks/index.ts';

const disk = new NodeFileSystem();
// TypeScript hook results are cached in memory: a test never writes a cache directory into the repository.
const hookCache = memoryCache();

/** `mbp check PATH…` on the real disk, every stage including TypeScript hooks (paths absolute). */
export function checkPaths(paths: readonly string[], options: CheckOptions = {}, fs: FileSystem = disk): Promise<CheckResult> {
  return checkFilesAsync(fs, paths, { ...options, tsHooks: { cache: hookCache, ...options.tsHooks } });
}

/** The synchronous stages of `mbp check` (all but the TypeScript hooks), for loops that check thousands of inputs. */
export function checkPathsSync(paths: readonly string[], options: CheckOptions = {}, fs: FileSystem = disk): CheckResult {
  return checkFiles(fs, paths, options);
}

/** Where {@link checkMemoryFile} puts its file. */
export const MEMORY_DIR = '/mem';

/** The synchronous stages of `mbp check` on one file held in memory (text or raw bytes), named `name` under {@link MEMORY_DIR}. */
export function checkMemoryFile(content: string | Uint8Array, name = 'main.mbp', options: CheckOptions = {}): CheckResult {
  const file = path.posix.join(MEMORY_DIR, name);
  return checkFiles(new MemoryFileSystem({ [file]: content }), [file], options);
}

export interface RenderedReports {
  /** What `mbp check` prints without colour: the diagnostics, a blank line, the summary. */
  readonly text: string;
  /** What `mbp check --format json` prints. */
  readonly json: string;
}

/** Both renderings of a check result, paths relative to `cwd`. */
export function renderReports(result: CheckResult, cwd: string): RenderedReports {
  const report = renderDiagnostics(result.diagnostics, result.sources, { cwd, color: false });
  const summary = renderSummary(result.files.length, countDiagnostics(result.diagnostics), { color: false });
  return {
    text: (report === '' ? '' : `${report}\n`) + summary,
    json: renderJson(result.diagnostics, result.sources, { cwd }),
  };
}
