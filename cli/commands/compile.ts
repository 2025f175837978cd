import writeFileAtomic from 'write-file-atomic';
import path from 'node:path';
import type { Command } from 'commander';
import type { Plan } from '../../compiler/plan/index.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIO, CommandIO } from '../io.ts';
import { addInputOptions, examples, formatOption } from '../options.ts';
import { terminalStyle } from '../terminal-style.ts';

export const COMPILE_FORMATS = ['text', 'json'] as const;
export type CompileFormat = (typeof COMPILE_FORMATS)[number];

/** How diagnostics are shown: the rustc-style text, or the JSON report of `mbp check --format json`. */
export type DiagnosticsFormat = 'text' | 'json';

/** The options `compile` and `graph` share: the blueprint's inputs. */
export interface BlueprintInputs {
  /** `--param NAME=VALUE`, in the order given. */
  readonly param: readonly string[];
  /** `--params FILE`. */
  readonly params?: string;
  /** False with `--no-color`. */
  readonly color: boolean;
}

/**
 * Compiles a blueprint for a command: checks it as `mbp check` does (every
 * param needing a value), lowers it, and shows every diagnostic on stderr
 * (as text, or the JSON report). Stdout stays free for the command's own
 * output. Returns the plan, or the exit code.
 */
export async function compileForCli(
  file: string,
  inputs: BlueprintInputs,
  diagnosticsFormat: DiagnosticsFormat,
  io: CliIO,
): Promise<{ readonly plan: Plan } | { readonly exit: ExitCode }> {
  const [{ compileBlueprint }, { renderDiagnostics, renderJson }] = await Promise.all([
    import('../../compiler/lower/index.ts'),
    import('../../compiler/diagnostics/index.ts'),
  ]);
  const result = await compileBlueprint(io.fs, path.resolve(io.cwd, file), {
    cwd: io.cwd,
    paramFlags: inputs.param,
    ...(inputs.params !== undefined ? { paramsFile: path.resolve(io.cwd, inputs.params) } : {}),
  });
  if (result.diagnostics.length > 0) {
    if (diagnosticsFormat === 'json') io.stderr.write(renderJson(result.diagnostics, result.sources, { cwd: io.cwd }));
    else io.stderr.write(`${renderDiagnostics(result.diagnostics, result.sources, { cwd: io.cwd, ...terminalStyle(io.stderr, io.env, inputs.color) })}\n`);
  }
  return result.plan ? { plan: result.plan } : { exit: ExitCode.Errors };
}

/**
 * Where `-o` writes: a file system that can write (an editor's, a test's)
 * through its `writeFile`, the disk when it is the disk, nowhere otherwise
 * (a read-only test file system must never lead to writing the real disk).
 */
export async function writeOutputFile(io: CliIO, file: string, text: string): Promise<void> {
  const writable = io.fs as Partial<{ writeFile(file: string, text: string): void }>;
  if (typeof writable.writeFile === 'function') return writable.writeFile(file, text);
  const { NodeFileSystem } = await import('../../compiler/sources/index.ts');
  if (!(io.fs instanceof NodeFileSystem)) throw new Error('this file system cannot be written to');
  // A temporary file renamed over the target: a reader never sees half a plan.
  writeFileAtomic.sync(file, text);
}

export interface CompileCommandOptions extends BlueprintInputs {
  readonly format: CompileFormat;
  readonly output?: string;
}

/** `mbp compile`: the plan on stdout (or in `-o FILE`), diagnostics on stderr; exit 1 when the blueprint has errors. */
export async function runCompile(file: string, options: CompileCommandOptions, io: CliIO): Promise<ExitCode> {
  const compiled = await compileForCli(file, options, options.format, io);
  if ('exit' in compiled) return compiled.exit;
  const { planToJson } = await import('../../compiler/plan/index.ts');
  const text = planToJson(compiled.plan);
  if (options.output === undefined || options.output === '-') {
    io.stdout.write(text);
    return ExitCode.Success;
  }
  const target = path.resolve(io.cwd, options.output);
  const { displayPath } = await import('../../compiler/diagnostics/index.ts');
  const shown = displayPath(target, io.cwd);
  try {
    await writeOutputFile(io, target, text);
  } catch (error) {
    const { describeError } = await import('../../compiler/sources/index.ts');
    io.stderr.write(`mbp compile: cannot write ${shown}: ${describeError(error)}\n`);
    return ExitCode.Errors;
  }
  if (options.format === 'text') {
    const infrastructures = Object.keys(compiled.plan.infrastructures).length;
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.stdout.write(
      `Wrote ${shown}: ${plural(infrastructures, 'infrastructure')}, ${plural(compiled.plan.steps.length, 'step')} to deploy, ${plural(compiled.plan.destroy.steps.length, 'step')} to destroy.\n`,
    );
  }
  return ExitCode.Success;
}

export function register(program: Command, io: CommandIO): void {
  const command = program
    .command('compile')
    .summary('check a blueprint and write its execution plan (JSON)')
    .description(
      'Check a blueprint and lower it to its execution plan: the resolved infrastructures and the DAG\n' +
        'of steps, as versioned JSON (docs/plan.md). The plan goes to stdout, or to the file given with\n' +
        '-o; problems go to stderr. Exits 1 if the blueprint has errors (no plan is written). No inventory\n' +
        'and no secret values are needed: secrets appear in the plan only by name.',
    )
    .argument('<file>', 'the blueprint (.mbp) to compile; its imports are followed')
    .option('-o, --output <file>', 'write the plan to this file instead of stdout')
    .addOption(formatOption(COMPILE_FORMATS));
  addInputOptions(command)
    .addHelpText(
      'after',
      examples([
        ['mbp compile main.mbp > plan.json', 'the plan on stdout'],
        ['mbp compile main.mbp -o plan.json --param workers=8', 'write the plan with a param value'],
        ['mbp compile main.mbp --params prod.json -o plan.json', 'param values from a JSON file'],
        ['mbp compile --format json main.mbp', 'diagnostics as JSON on stderr (the plan is always JSON)'],
      ]),
    )
    .action(async (file: string, options: { format: CompileFormat; output?: string; param: string[]; params?: string }, cmd: Command) => {
      const { color } = cmd.optsWithGlobals<{ color: boolean }>();
      io.setExitCode(
        await runCompile(file, { format: options.format, param: options.param, color, ...(options.output !== undefined ? { output: options.output } : {}), ...(options.params !== undefined ? { params: options.params } : {}) }, io),
      );
    });
}
