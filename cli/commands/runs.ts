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
    .summary('record whether a step left in doubt (by a killed run, or carried over after a failed one) happened, for the next apply to honour')
    .description(
      'A non-idempotent step that was running when its run was killed (or that timed out) may or may not have happened, so no apply skips it or runs it again until a person checks (the run lists it "in doubt"). The next apply resumes a killed run and keeps the step in doubt; after a run that ended failed with the step unresolved, it carries the step over, skipped again (`mbp runs` marks that run "carries doubts of RUN"). Once you have checked, record what you found in the LATEST run of the blueprint in `mbp runs`: once the step is carried over, that is the run that carried it (the apply\'s "Carried over" line names it), not the one the step started in. --done skips it on the next apply (it has no outputs then, so this is refused when a later step reads them); --not-done runs it again. The record is appended to that run\'s journal, with who and when.',
    )
    .argument('<run>', 'the latest of `mbp runs` for the blueprint: the killed run, or the later run that carried the step over')
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
        ['mbp runs resolve 20250314T113020.456Z-0000-7be2d4 edge/post_deploy/notify/post --done', 'carried over by a later run (it ended failed): record it in that latest run'],
      ]),
    )
    .action(async (run: string, step: string, opts: { done?: boolean; notDone?: boolean; note?: string; inventory?: string }) => {
      const { runResolve } = await import('./runs-run.ts');
      io.setExitCode((await runResolve(io, run, step, opts)) as never);
    });
}
