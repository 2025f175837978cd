import type { Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { examples, formatOption } from '../options.ts';

/** `sarif` joins this list when the SARIF renderer lands. */
export const CHECK_FORMATS = ['text', 'json'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function register(program: Command, io: CommandIO): void {
  program
    .command('check')
    .summary('report every problem in blueprints, without an inventory or secrets')
    .description(
      'Parse and check .mbp blueprints and report every problem found, with its location.\n' +
        'A directory stands for every *.mbp file below it (hidden directories and node_modules\n' +
        'are skipped). Exits 1 if there is any error, 0 otherwise (warnings do not fail).',
    )
    .argument('<paths...>', 'blueprint files, or directories to search for *.mbp files')
    .addOption(formatOption(CHECK_FORMATS))
    .addHelpText(
      'after',
      examples([
        ['mbp check main.mbp', 'check one blueprint'],
        ['mbp check .', 'check every .mbp file below the current directory'],
        ['mbp check --format json infra/ > report.json', 'machine-readable report (format_version 1)'],
        ['NO_COLOR=1 mbp check main.mbp', 'plain text even on a terminal'],
      ]),
    )
    .action(async (paths: string[], options: { format: CheckFormat }, command: Command) => {
      const { runCheck } = await import('./check-run.ts');
      const { color } = command.optsWithGlobals<{ color: boolean }>();
      io.setExitCode(await runCheck(paths, { format: options.format, color }, io));
    });
}
