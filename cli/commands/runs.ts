import type { Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { examples, formatOption } from '../options.ts';

export function register(program: Command, io: CommandIO): void {
  const runs = program
    .command('runs')
    .summary('list the runs journaled beside the inventory, or show one')
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .addOption(formatOption(['text', 'json'] as const))
    .addHelpText('after', examples([['mbp runs', 'every run, newest first'], ['mbp runs show 20250314T101502Z-3fa9c1', 'every step of a run']]))
    .action(async (opts: { inventory?: string; format: 'text' | 'json' }) => {
      const { runList } = await import('./runs-run.ts');
      io.setExitCode((await runList(io, opts)) as never);
    });
  runs
    .command('show')
    .summary('every step of one run: timings, attempts, output, errors')
    .argument('<id>', 'a run id from `mbp runs`')
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .addOption(formatOption(['text', 'json'] as const))
    .action(async (id: string, opts: { inventory?: string; format: 'text' | 'json' }) => {
      const { runShow } = await import('./runs-run.ts');
      io.setExitCode((await runShow(io, id, opts)) as never);
    });
}
