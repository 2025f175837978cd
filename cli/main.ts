import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { CliIO, CommandIO } from './io.ts';
import { ExitCode } from './exit-codes.ts';
import { examples } from './options.ts';
import * as check from './commands/check.ts';
import * as fmt from './commands/fmt.ts';
import * as compile from './commands/compile.ts';
import * as graph from './commands/graph.ts';
import * as inventory from './commands/inventory.ts';
import * as lsp from './commands/lsp.ts';
import * as plan from './commands/plan.ts';
import * as apply from './commands/apply.ts';
import * as destroy from './commands/destroy.ts';
import * as output from './commands/output.ts';
import * as runs from './commands/runs.ts';

/**
 * Each command registers its name, options and help here; its implementation
 * is imported only when it runs, so `mbp --help` or `mbp check` do not load
 * the code of every other command.
 */
const COMMANDS: readonly { register(program: Command, io: CommandIO): void }[] = [check, fmt, compile, plan, graph, inventory, apply, destroy, output, runs, lsp];

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Commander puts "(Did you mean …?)" on a line of its own; one line reads better. */
function oneLineError(message: string): string {
  return message.replace(/\r?\n\(Did you mean (.+?)\?\)/, ' (did you mean $1?)').trimEnd() + '\n';
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** After a usage error: where to read more, for the command that failed. */
function addUsageHints(command: Command): void {
  const what = command.parent ? 'for usage and examples' : 'for the list of commands';
  command.showHelpAfterError(`Run '${commandPath(command)} --help' ${what}.`);
  for (const sub of command.commands) addUsageHints(sub);
}

export function createProgram(io: CommandIO): Command {
  const program = new Command('mbp');
  program
    .description('Metal Blueprint: check, plan and apply bare-metal provisioning blueprints (.mbp)')
    .version(packageVersion(), '-V, --version', 'print the version of mbp')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .option('--no-color', 'never colour the output (NO_COLOR does the same)')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(oneLineError(text)),
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .addHelpText(
      'after',
      examples([
        ['mbp check main.mbp', 'report every problem in a blueprint'],
        ['mbp check --format json blueprints/', 'check every .mbp file below a directory, as JSON'],
        ['mbp help check', 'show the options of a command'],
      ]) +
        '\nExit codes: 0 success, 1 errors in the blueprint or a failed run, 2 changes present\n' +
        '(--detailed-exitcode), 3 inventory lock not taken, 64 usage error, 130 interrupted.\n' +
        'Environment: NO_COLOR disables colour, FORCE_COLOR forces it, MBP_DEBUG=1 shows stack traces.\n',
    );
  for (const command of COMMANDS) command.register(program, io);
  addUsageHints(program);
  return program;
}

function reportInternalError(error: unknown, io: CliIO): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `mbp: internal error: ${message}\n` +
      'This is a bug in mbp; please report it with the command you ran and the blueprint that caused it.\n',
  );
  if (io.env.MBP_DEBUG === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('Run again with MBP_DEBUG=1 to see the stack trace.\n');
  return ExitCode.Errors;
}

/** Runs one command line in-process and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.Success;
  const commandIO: CommandIO = {
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    cwd: io.cwd,
    fs: io.fs,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  try {
    await createProgram(commandIO).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Help and --version end with exit code 0; every other parse failure is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    return reportInternalError(error, io);
  }
}

/** The `mbp` process: real I/O, Ctrl-C, a closed pipe, and the exit code. */
export async function runProcess(): Promise<void> {
  const { createNodeIO } = await import('./node-io.ts');
  process.once('SIGINT', () => {
    process.stderr.write('\nmbp: interrupted\n');
    process.exit(ExitCode.Interrupted);
  });
  // `mbp apply | head`: a closed pipe ends the output, not the command (node-io.ts), so a run
  // still records its state. The reader leaving is not an error; any other lost output is.
  const io = createNodeIO();
  const code = await main(process.argv.slice(2), io);
  const failure = io.writeFailure();
  process.exitCode = code === ExitCode.Success && failure !== undefined && failure.code !== 'EPIPE' ? ExitCode.Errors : code;
}
