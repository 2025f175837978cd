import type { Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { addInputOptions, examples, formatOption } from '../options.ts';

export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function register(program: Command, io: CommandIO): void {
  addInputOptions(program.command('check'))
    .summary('report every problem in blueprints, without an inventory or secrets')
    .description(
      'Parse and check .mbp blueprints and report every problem found, with its location.\n' +
        'A directory stands for every *.mbp file below it (hidden directories and node_modules\n' +
        'are skipped). Exits 1 if there is any error, 0 otherwise (warnings do not fail).',
    )
    .argument('<paths...>', 'blueprint files, or directories to search for *.mbp files')
    .addOption(formatOption(CHECK_FORMATS))
    .option('--config <file>', 'lint configuration to use instead of the nearest mbp.config.json')
    .option('--inventory <file>', 'also check against this inventory: datacenters, server types, tags, pools, capacity (MBP4xxx)')
    .addHelpText(
      'after',
      examples([
        ['mbp check main.mbp', 'check one blueprint'],
        ['mbp check .', 'check every .mbp file below the current directory'],
        ['mbp check --format json infra/ > report.json', 'machine-readable report (format_version 1)'],
        ['mbp check --format sarif . > mbp.sarif', 'SARIF 2.1.0 for code scanning (GitHub, GitLab, ...)'],
        ['mbp check --config ci/mbp.config.json .', 'lint rule levels from a given file (see docs/lint-rules.md)'],
        ['mbp check --param workers=5 --param pool=10.0.0.0/16 main.mbp', 'check with param values (then every param needs one)'],
        ['mbp check --params prod.json main.mbp', 'param values from a JSON file'],
        ['mbp check --inventory .mbp/inventory.json main.mbp', 'also check datacenters, server types, pools and capacity'],
        ['NO_COLOR=1 mbp check main.mbp', 'plain text even on a terminal'],
      ]),
    )
    .action(async (paths: string[], options: { format: CheckFormat; config?: string; param: string[]; params?: string; inventory?: string }, command: Command) => {
      const { runCheck } = await import('./check-run.ts');
      const { color } = command.optsWithGlobals<{ color: boolean }>();
      const version = command.parent?.version() ?? 'unknown';
      const params = { params: options.param, ...(options.params !== undefined ? { paramsFile: options.params } : {}) };
      io.setExitCode(await runCheck(paths, { format: options.format, color, version, ...params, ...(options.config !== undefined ? { config: options.config } : {}), ...(options.inventory !== undefined ? { inventory: options.inventory } : {}) }, io));
    });
}

/** Validates one `--param NAME=VALUE` (a malformed one is a usage error) and collects it. */
