import path from 'node:path';
import { parse } from '../grammar/index.ts';
import { loadProgram, type ParseFunction } from './binder/index.ts';
import { checkProgram, checkTsHooks, fileReaderFor, type CheckedProgram } from './checker/index.ts';
import { runDeploymentRules } from './checker/rules/index.ts';
import { ConfigResolver } from './config/index.ts';
import { LINT_RULE_IDS, lintProgram } from './lint/index.ts';
import { makeDiagnostic, sortDiagnostics, type Diagnostic, type SourceFile } from './diagnostics/index.ts';
import { paramInputs, readParamsFile, type ParamInputs } from './params/index.ts';
import { findSourceFiles, MemoryFileSystem, type FileSystem } from './sources/index.ts';
import type { TsHookOptions } from './ts-hooks/index.ts';

export interface CheckOptions {
  /** Files larger than this are refused (default 32 MiB). */
  readonly maxFileBytes?: number;
  /** Param values already gathered; when given, every param needs a value or a default. */
  readonly params?: ParamInputs;
  /** `--param NAME=VALUE` flags (validated with `parseParamFlag`); they win over `paramsFile`. */
  readonly paramFlags?: readonly string[];
  /** `--params FILE`: a JSON object of param values, read through the same file system. */
  readonly paramsFile?: string;
  /** Overrides whether params without a value are errors (default: when `params` is given). */
  readonly requireParamValues?: boolean;
  /** Options of the TypeScript hook checker (`checkFilesAsync` only). */
  readonly tsHooks?: TsHookOptions;
  /** `--config FILE`: the lint configuration for every file, instead of the nearest `mbp.config.json` above each. */
  readonly lintConfig?: string;
  /**
   * `--inventory FILE`: checks of the program against an inventory (MBP4xxx,
   * `checkAgainstInventory` from compiler/inventory-checks), passed in so a
   * check without an inventory loads none of that code.
   */
  readonly inventoryChecks?: (checked: CheckedProgram) => readonly Diagnostic[];
  /** Instead of `parse` for every blueprint loaded (the language server's incremental parser); must give what `parse` gives. */
  readonly parse?: ParseFunction;
}

export interface CheckResult {
  /** Every file checked (directories expanded), sorted. Imported files are checked too but not listed. */
  readonly files: readonly string[];
  /**
   * The text of each file, imported ones included, for renderers. A file that
   * is not valid UTF-8 has its lossy decoding here, only to show the error in context.
   */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** In output order (file, offset, code). */
  readonly diagnostics: readonly Diagnostic[];
  /** The bound and checked program, for later stages (lint, lowering) and the language server. */
  readonly checked?: CheckedProgram;
}

function internalError(file: string, stage: string, error: unknown): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return makeDiagnostic('MBP9001', file, { start: 0, end: 0 }, { stage, detail });
}

/**
 * The front end of one file's text alone (lexing and parsing): what a
 * formatter or a quick syntax check needs. Names and types need the whole
 * program: see {@link checkFiles}.
 */
export function checkSource(source: SourceFile): Diagnostic[] {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source.text, source.path);
  } catch (error) {
    return [internalError(source.path, 'the parser', error)];
  }
  const diagnostics = [...parsed.diagnostics];
  // Whitespace-only files are refused on loading; one of comments only is just as empty.
  if (diagnostics.length === 0 && parsed.module.declarations.length === 0) {
    diagnostics.push(makeDiagnostic('MBP1055', source.path, { start: 0, end: 0 }));
  }
  return diagnostics;
}

/** Param values from the options: given as such, or from flags and a params file (whose problems are reported). */
function gatherParams(fs: FileSystem, options: CheckOptions, diagnostics: Diagnostic[]): ParamInputs | undefined {
  if (options.params) return options.params;
  if (options.paramFlags === undefined && options.paramsFile === undefined) return undefined;
  let file: { path: string; values: Readonly<Record<string, unknown>> } | undefined;
  if (options.paramsFile !== undefined) {
    const read = readParamsFile(fs, options.paramsFile);
    if (read.ok) file = { path: options.paramsFile, values: read.values };
    else diagnostics.push(read.diagnostic);
  }
  return paramInputs(options.paramFlags ?? [], file);
}

interface Run {
  readonly result: CheckResult;
  readonly checked?: CheckedProgram;
}

/** Expands, loads, parses, binds and checks. A stage that throws becomes MBP9001, so one bug cannot hide every other result. */
function run(fs: FileSystem, paths: readonly string[], options: CheckOptions): Run {
  const found = findSourceFiles(fs, paths);
  const program = loadProgram(fs, found.files, {
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
    ...(options.parse ? { parse: options.parse } : {}),
  });
  const diagnostics: Diagnostic[] = [...found.diagnostics, ...program.diagnostics];
  const params = gatherParams(fs, options, diagnostics);
  let checked: CheckedProgram | undefined;
  try {
    checked = checkProgram(program, {
      files: fileReaderFor(fs),
      ...(params ? { params } : {}),
      ...(options.requireParamValues !== undefined ? { requireParamValues: options.requireParamValues } : {}),
    });
    diagnostics.push(...checked.diagnostics);
  } catch (error) {
    diagnostics.push(internalError(found.files[0] ?? '', 'the checker', error));
  }
  const configs = new ConfigResolver(fs, { knownRules: LINT_RULE_IDS, ...(options.lintConfig !== undefined ? { explicit: options.lintConfig } : {}) });
  // Loaded up front so that a bad `--config` is reported even when no blueprint could be read.
  if (options.lintConfig !== undefined) configs.configFor(options.lintConfig);
  if (checked) {
    try {
      diagnostics.push(...runDeploymentRules(checked));
    } catch (error) {
      diagnostics.push(internalError(found.files[0] ?? '', 'the deployment rules', error));
    }
    if (options.inventoryChecks !== undefined) {
      try {
        diagnostics.push(...options.inventoryChecks(checked));
      } catch (error) {
        diagnostics.push(internalError(found.files[0] ?? '', 'the inventory checks', error));
      }
    }
    try {
      diagnostics.push(...lintProgram(checked, (file) => configs.configFor(file).levels));
    } catch (error) {
      diagnostics.push(internalError(found.files[0] ?? '', 'the linter', error));
    }
  }
  diagnostics.push(...configs.diagnostics());
  const sources = new Map(program.sources);
  for (const s of configs.sources()) sources.set(s.path, s);
  const result: CheckResult = { files: found.files, sources, diagnostics: sortDiagnostics(diagnostics), ...(checked ? { checked } : {}) };
  return { result, ...(checked ? { checked } : {}) };
}

/**
 * `mbp check` without TypeScript hooks: expands directories, loads each file
 * and what it imports, runs every synchronous stage, and returns all the
 * diagnostics at once. Shared by the CLI, the language server and the tests.
 */
export function checkFiles(fs: FileSystem, paths: readonly string[], options: CheckOptions = {}): CheckResult {
  return run(fs, paths, options).result;
}

/** {@link checkFiles}, then every `std.ts.call` checked against its TypeScript hook (what `mbp check` runs). */
export async function checkFilesAsync(fs: FileSystem, paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const { result, checked } = run(fs, paths, options);
  if (!checked || checked.tsHookRequests.length === 0) return result;
  let hooks: Diagnostic[];
  try {
    hooks = await checkTsHooks(checked, { fs, ...options.tsHooks });
  } catch (error) {
    hooks = [internalError(checked.tsHookRequests[0]?.file ?? '', 'the TypeScript hook checker', error)];
  }
  return { ...result, diagnostics: sortDiagnostics([...result.diagnostics, ...hooks]) };
}

/** `mbp check` of one text held in memory (benchmarks, tests), as `/mem/<name>`. */
export function checkText(text: string, name = 'main.mbp', options: CheckOptions = {}): CheckResult {
  const file = path.posix.join('/mem', name);
  return checkFiles(new MemoryFileSystem({ [file]: text }), [file], options);
}
