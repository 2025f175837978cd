import { Option, type Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { addInputOptions, examples, formatOption } from '../options.ts';

export interface ApplyCommandOptions {
  readonly inventory?: string;
  readonly param: readonly string[];
  readonly params?: string;
  readonly deployOptions?: string;
  readonly secrets?: string;
  readonly infrastructure?: string;
  readonly autoApprove?: boolean;
  readonly target: readonly string[];
  readonly replace: readonly string[];
  readonly allowReplace?: boolean;
  readonly fsync?: 'always' | 'batched';
  readonly format: 'text' | 'json';
  readonly speed?: string;
  readonly seed?: string;
  readonly color: boolean;
  readonly sshKey?: string;
  readonly acceptHostKey: readonly string[];
  /** Test-only (cli/commands/apply-network.ts). */
  readonly sshEndpointMap?: string;
}

const collect = (v: string, prev: readonly string[] = []): string[] => [...prev, v];

export function register(program: Command, io: CommandIO): void {
  addInputOptions(
    program
      .command('apply')
      .summary('provision what a blueprint (or a saved plan) declares')
      .description(
        'Compiles the blueprint (or loads a plan saved by `mbp plan --out`), resolves it against the\n' +
          'inventory, shows the changes and asks for confirmation; then reserves servers, runs\n' +
          'pre_deploy, binds servers, provisions every instance, runs post_deploy and records what is\n' +
          'deployed. The run journal goes to runs/ beside the inventory; an interrupted apply is\n' +
          'resumed by the next one. The simulated datacenter is the default hardware.',
      )
      .argument('<file>', 'a .mbp blueprint, or a plan file saved by `mbp plan --out`'),
  )
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .option('--deploy-options <file>', "the seed's deploy options (server counts and ids per array) for one infrastructure")
    .option('--infrastructure <name>', 'apply only this infrastructure')
    .option('--secrets <file>', 'a JSON file of secret values by name (else MBP_SECRET_<NAME> variables)')
    .option('--auto-approve', 'apply without asking (required without a terminal)')
    .option('--target <instance>', 'limit scale-down and replacement to this instance (repeatable)', collect, [] as string[])
    .option('--replace <instance>', 'reinstall this instance (repeatable; implies --allow-replace for it)', collect, [] as string[])
    .option('--allow-replace', 'accept changes that replace instances (server type, template, boot)')
    .addOption(new Option('--fsync <mode>', 'journal durability: always = fsync before every side effect').choices(['always', 'batched']))
    .option('--speed <factor>', 'simulated hardware speed factor: 1 real time, 0.001 fast, 0 instant (default 0.001)')
    .option('--seed <n>', 'seed of the simulated hardware faults')
    .option('--ssh-key <file>', "private key for SSH steps (default: the run's access key for instances, else the ssh-agent)")
    .option('--accept-host-key <fingerprint>', 'trust this SSH host key fingerprint (SHA256:…) for any host (repeatable)', collect, [] as string[])
    .addOption(new Option('--ssh-endpoint-map <file>', 'TESTS ONLY: where simulated instances answer SSH, and their host keys (JSON)').hideHelp())
    .addOption(formatOption(['text', 'json'] as const))
    .addHelpText(
      'after',
      examples([
        ['mbp apply examples/hello.mbp', 'show the changes, ask, then provision'],
        ['mbp apply hello.mbp --auto-approve --param web_servers=3', 'scale to three instances without asking'],
        ['mbp plan hello.mbp --out hello.plan && mbp apply hello.plan', 'apply exactly the plan that was reviewed'],
      ]),
    )
    .action(async (file: string, opts: ApplyCommandOptions, cmd: Command) => {
      const { runApply } = await import('./apply-run.ts');
      const color = (cmd.optsWithGlobals() as { color?: boolean }).color !== false;
      io.setExitCode((await runApply(io, file, { ...opts, color })) as never);
    });
}
