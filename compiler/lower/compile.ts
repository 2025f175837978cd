import { checkFilesAsync } from '../check.ts';
import { makeDiagnostic, sortDiagnostics, type Diagnostic, type SourceFile } from '../diagnostics/index.ts';
import { fileReaderFor, type CheckedProgram } from '../checker/index.ts';
import type { Plan } from '../plan/index.ts';
import { readParamsFile } from '../params/index.ts';
import type { FileSystem } from '../sources/index.ts';
import { lowerProgram } from './lower-program.ts';

export interface CompileOptions {
  /** Paths in the plan (and in diagnostics) are shown relative to it. */
  readonly cwd: string;
  /** `--param NAME=VALUE` flags, already validated with `parseParamFlag`. */
  readonly paramFlags?: readonly string[];
  /** `--params FILE` (absolute). */
  readonly paramsFile?: string;
  readonly maxFileBytes?: number;
}

export interface CompileResult {
  /** Absent when there is an error. */
  readonly plan?: Plan;
  /** Every diagnostic, sorted (warnings too when there is a plan). */
  readonly diagnostics: readonly Diagnostic[];
  /** Text of every file read, for renderers. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** The checked program the plan was lowered from (with a plan only): what the inventory checks (MBP4xxx) point into. */
  readonly checked?: CheckedProgram;
}

const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/**
 * `mbp compile`: everything `mbp check` does to the entry file and its
 * imports (syntax, names, types, deployment rules, lint, TypeScript hooks),
 * with every param needing a value; then, when nothing is an error, the
 * lowering to the execution plan. Returns every diagnostic either way.
 */
export async function compileBlueprint(fs: FileSystem, entry: string, options: CompileOptions): Promise<CompileResult> {
  if (fs.stat(entry)?.kind === 'directory') {
    // A plan is one blueprint: its path and hash name the entry file.
    return { diagnostics: [makeDiagnostic('MBP1052', entry, { start: 0, end: 0 })], sources: new Map() };
  }
  const checked = await checkFilesAsync(fs, [entry], {
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
    paramFlags: options.paramFlags ?? [],
    ...(options.paramsFile !== undefined ? { paramsFile: options.paramsFile } : {}),
    requireParamValues: true,
    tsHooks: { cwd: options.cwd },
  });
  const diagnostics = [...checked.diagnostics];
  if (hasErrors(diagnostics) || !checked.checked) return { diagnostics, sources: checked.sources };
  const given = new Set<string>();
  for (const flag of options.paramFlags ?? []) given.add(flag.slice(0, flag.indexOf('=')).trim());
  if (options.paramsFile !== undefined) {
    const read = readParamsFile(fs, options.paramsFile);
    if (read.ok) for (const name of Object.keys(read.values)) given.add(name);
  }
  const lowered = lowerProgram(checked.checked, { cwd: options.cwd, given, files: fileReaderFor(fs), fs });
  diagnostics.push(...lowered.diagnostics);
  const all = sortDiagnostics(diagnostics);
  return { ...(hasErrors(all) ? {} : { plan: lowered.plan, checked: checked.checked }), diagnostics: all, sources: checked.sources };
}
