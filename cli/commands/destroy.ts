import type { Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { examples, formatOption } from '../options.ts';

export interface DestroyCommandOptions {
  readonly inventory?: string;
  readonly autoApprove?: boolean;
  readonly format: 'text' | 'json';
  readonly speed?: string;
}

export function register(program: Command, io: CommandIO): void {
  program
    .command('destroy')
    .summary('release everything a deployed infrastructure holds')
    .description(
      'Cleans and releases every server of the infrastructure (ports shut, disks wiped, power off;\n' +
        'releasing → cleaning → available), then frees its addresses, subnets and VLANs. Asks on a\n' +
        'terminal, refuses without one unless --auto-approve; honours prevent_destroy = true.',
    )
    .argument('<infrastructure>', 'the name of a deployed infrastructure (see `mbp inventory show`)')
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .option('--auto-approve', 'destroy without asking (required without a terminal)')
    .option('--speed <factor>', 'simulated hardware speed factor (default 0.001)')
    .addOption(formatOption(['text', 'json'] as const))
    .addHelpText('after', examples([['mbp destroy hello', 'say how many servers it releases, ask, then release them']]))
    .action(async (name: string, opts: DestroyCommandOptions) => {
      const { runDestroy } = await import('./apply-run.ts');
      io.setExitCode((await runDestroy(io, name, opts)) as never);
    });
}
