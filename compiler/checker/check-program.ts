import { bind, loadProgram, type LoadProgramOptions, type Program } from '../binder/index.ts';
import type { Diagnostic } from '../diagnostics/index.ts';
import type { ParamInputs } from '../params/index.ts';
import type { FileSystem } from '../sources/index.ts';
import { createTsHookChecker, type TsHookOptions } from '../ts-hooks/index.ts';
import type { FileReader } from '../../stdlib/index.ts';
import type { CheckedProgram } from './checked-program.ts';
import { Checker } from './checker.ts';
import { resolveParamValues } from './checks/param-values.ts';
import { checkModule } from './walk-module.ts';

export interface CheckProgramOptions {
  /** Param values given from outside (`--param`, `--params`). */
  readonly params?: ParamInputs;
  /**
   * Whether a param with neither a default nor a given value is an error.
   * Default: true when `params` is given (a command that takes values wants
   * them all), false otherwise (an editor checks a blueprint without any).
   */
  readonly requireParamValues?: boolean;
  /** Reads files for `file()` when folding constants; without it `file()` stays a run-time value. */
  readonly files?: FileReader;
}

/** A `FileReader` over the compiler's file system, for `file()` at compile time. */
export function fileReaderFor(fs: FileSystem): FileReader {
  return { readText: (absolutePath) => new TextDecoder('utf-8', { fatal: true }).decode(fs.readFile(absolutePath)) };
}

/**
 * Binds and checks a loaded program: names, schemas, types, constants,
 * secrets, params. Synchronous; TypeScript hooks are checked afterwards by
 * `checkTsHooks`. Never throws on bad input.
 */
export function checkProgram(program: Program, options: CheckProgramOptions = {}): CheckedProgram {
  const binding = bind(program);
  const params = options.params
    ? resolveParamValues(binding, options.params, options.requireParamValues ?? true)
    : { values: new Map(), diagnostics: [] };
  const checker = new Checker(binding, { ...(options.files ? { files: options.files } : {}), paramValues: params.values });
  checker.diagnostics.push(...binding.diagnostics, ...params.diagnostics);
  for (const [path, file] of program.files) checker.inFile(path, () => checkModule(checker, file.module));
  return checker;
}

/** Loads the entry files (imports followed) from `fs`, then binds and checks them, `file()` reading through the same `fs`. */
export function bindAndCheck(
  fs: FileSystem,
  entries: readonly string[],
  options: CheckProgramOptions & LoadProgramOptions = {},
): CheckedProgram {
  const program = loadProgram(fs, entries, options);
  return checkProgram(program, { ...options, files: options.files ?? fileReaderFor(fs) });
}

/**
 * Checks every `std.ts.call` of a checked program against its TypeScript
 * hook (asynchronous: ts-morph is loaded only when there is one). One
 * checker, so the hooks share one TypeScript project.
 */
export async function checkTsHooks(checked: CheckedProgram, options: TsHookOptions = {}): Promise<Diagnostic[]> {
  if (checked.tsHookRequests.length === 0) return [];
  const hooks = createTsHookChecker(options);
  const out: Diagnostic[] = [];
  for (const request of checked.tsHookRequests) out.push(...(await hooks.check(request)));
  return out;
}
