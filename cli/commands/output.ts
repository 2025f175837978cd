import type { Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { examples, formatOption } from '../options.ts';

export function register(program: Command, io: CommandIO): void {
  program
    .command('output')
    .summary('print the outputs recorded when infrastructures were applied')
    .argument('[name]', 'one output (`NAME`, or `INFRA.NAME` when several infrastructures have it)')
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .option('--infrastructure <name>', 'only this infrastructure')
    .addOption(formatOption(['text', 'json'] as const))
    .addHelpText('after', examples([['mbp output', 'every output of every deployed infrastructure'], ['mbp output addresses --format json', 'one output, as JSON']]))
    .action(async (name: string | undefined, opts: { inventory?: string; infrastructure?: string; format: 'text' | 'json' }) => {
      const { runOutput } = await import('./runs-run.ts');
      io.setExitCode((await runOutput(io, name, opts)) as never);
    });
}
