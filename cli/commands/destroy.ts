import type { Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { addInputOptions, examples, formatOption } from '../options.ts';

export interface DestroyCommandOptions {
  readonly inventory?: string;
  readonly autoApprove?: boolean;
  readonly format: 'text' | 'json';
  readonly speed?: string;
  /** `--skip-hooks`: release without running pre_destroy or deprovision hooks (needed when the owner blueprint does not compile). */
  readonly skipHooks?: boolean;
  readonly param?: readonly string[];
  readonly params?: string;
  readonly secrets?: string;
}

export function register(program: Command, io: CommandIO): void {
  const command = program
    .command('destroy')
    .summary('release everything a deployed infrastructure holds')
    .description(
      'Runs the way back of the blueprint that owns the infrastructure: its pre_destroy hooks, then per\n' +
        'instance its deprovision hooks and the release of its server (ports shut, disks wiped, power off;\n' +
        'releasing → cleaning → available), then frees its addresses, subnets and VLANs. Says how many\n' +
        'servers it releases and which hooks run, asks on a terminal, refuses without one unless\n' +
        '--auto-approve; honours prevent_destroy = true. Journaled: run it again to finish a destroy\n' +
        'that failed or was interrupted.',
    )
    .argument('<infrastructure>', 'the name of a deployed infrastructure (see `mbp inventory show`)');
  addInputOptions(command)
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .option('--auto-approve', 'destroy without asking (required without a terminal)')
    .option('--skip-hooks', 'release every server without running pre_destroy or deprovision hooks (when the owner blueprint cannot be compiled)')
    .option('--secrets <file>', 'a JSON file of secret values for the hooks (then MBP_SECRET_<NAME>)')
    .option('--speed <factor>', 'simulated hardware speed factor (default 0.001)')
    .addOption(formatOption(['text', 'json'] as const))
    .addHelpText(
      'after',
      examples([
        ['mbp destroy hello', 'say how many servers it releases and which hooks run, ask, then do it'],
        ['mbp destroy hello --skip-hooks --auto-approve', 'release without hooks (the blueprint is gone or broken)'],
      ]),
    )
    .action(async (name: string, opts: DestroyCommandOptions, cmd: Command) => {
      const { runDestroy } = await import('./destroy-run.ts');
      const color = (cmd.optsWithGlobals() as { color?: boolean }).color !== false;
      io.setExitCode((await runDestroy(io, name, { ...opts, color })) as never);
    });
}
