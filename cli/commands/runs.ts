import { Option, type Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { examples, formatOption } from '../options.ts';

export function register(program: Command, io: CommandIO): void {
  const runs = program
    .command('runs')
    .summary('list the runs journaled beside the inventory, or show one')
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .addOption(formatOption(['text', 'json'] as const))
    .addHelpText('after', examples([['mbp runs', 'every run, newest first'], ['mbp runs show 20250314T101502.123Z-0000-3fa9c1', 'every step of a run']]))
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
  runs
    .command('resolve')
    .summary('record whether a step left in doubt by a killed run happened, for the next apply to honour')
    .description(
      'A non-idempotent step that was running when its run was killed may or may not have happened, so a resume neither skips it nor runs it again until a person checks (the run lists it "in doubt"). Once you have checked, record what you found in the latest run: --done skips it on resume (it has no outputs then, so this is refused when a later step reads them), --not-done runs it again. The record is appended to the run\'s journal, with who and when.',
    )
    .argument('<run>', 'the run a resume would continue: the latest of `mbp runs` for its blueprint')
    .argument('<step>', 'the step id the in-doubt message names')
    .addOption(new Option('--done', 'it happened: skip it on resume').conflicts('notDone'))
    .addOption(new Option('--not-done', 'it did not happen (or you undid it): run it again on resume').conflicts('done'))
    .option('--note <text>', 'what you checked, kept in the journal')
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .addHelpText(
      'after',
      examples([
        ['mbp runs resolve 20250314T101502.123Z-0000-3fa9c1 edge/post_deploy/notify/post --done', 'the webhook was received: do not send it again'],
        ['mbp runs resolve 20250314T101502.123Z-0000-3fa9c1 edge/post_deploy/notify/post --not-done --note "no request in the hook log"', 'send it again on the next apply'],
      ]),
    )
    .action(async (run: string, step: string, opts: { done?: boolean; notDone?: boolean; note?: string; inventory?: string }) => {
      const { runResolve } = await import('./runs-run.ts');
      io.setExitCode((await runResolve(io, run, step, opts)) as never);
    });
}
