import { type Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { addInputOptions, examples, formatOption } from '../options.ts';

export const PLAN_FORMATS = ['text', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface PlanCommandOptions {
  readonly format: PlanFormat;
  readonly param: readonly string[];
  readonly params?: string;
  readonly inventory?: string;
  readonly deployOptions?: string;
  readonly infrastructure?: string;
  readonly target: readonly string[];
  /** `--replace INSTANCE`: reinstall these on their servers. */
  readonly replace?: readonly string[];
  readonly allowReplace?: boolean;
  readonly out?: string;
  readonly detailedExitcode?: boolean;
  /** False with `--no-color`. */
  readonly color: boolean;
}

const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

export function register(program: Command, io: CommandIO): void {
  const command = program
    .command('plan')
    .summary('show what applying a blueprint would change, against the inventory')
    .description(
      'Compile a blueprint and resolve it against the inventory without changing anything: the\n' +
        'servers of each array and why (preferences honoured or skipped, with the reason), VLANs,\n' +
        'subnets, addresses, ports configured and shut, the steps of each instance, and what changes\n' +
        'against what is deployed (+ create, ~ update, -/+ replace, - delete). The inventory is only\n' +
        'read. Exits 1 on errors; with --detailed-exitcode, 2 when there are changes and 0 when none.',
    )
    .argument('<file>', 'the blueprint (.mbp) to plan');
  addInputOptions(command)
    .option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)')
    .option('--deploy-options <file>', "the seed's deploy options (server counts and ids per array) for one infrastructure")
    .option('--infrastructure <name>', 'plan only this infrastructure (required with --deploy-options when there are several)')
    .option('--target <instance>', 'an instance to remove on scale-down (or to move to another server): web[2], edge/web[2] or i-000042; repeatable', collect, [] as string[])
    .option('--replace <instance>', 'reinstall this deployed instance on its server (deprovision hooks, then install again): web[0] or edge/web[0]; repeatable', collect, [] as string[])
    .option('--allow-replace', 'accept changes that replace instances (server type, template, boot) or re-address a subnet')
    .option('--out <file>', 'save the plan with its resolution, for `mbp apply FILE` (written only when there is no error)')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .addOption(formatOption(PLAN_FORMATS))
    .addHelpText(
      'after',
      examples([
        ['mbp plan examples/hello.mbp', 'what applying the blueprint would do'],
        ['mbp plan hello.mbp --param web_servers=2 --target web[0]', 'scale down to two, removing web[0] rather than web[2]'],
        ['mbp plan hello.mbp --out hello.plan && mbp apply hello.plan', 'save the plan and apply exactly it'],
        ['mbp plan edge.mbp --deploy-options opts.json --infrastructure edge', "the seed's deploy options for one infrastructure"],
        ['mbp plan main.mbp --detailed-exitcode', 'in CI: exit 2 if there is drift to apply'],
        ['mbp plan main.mbp --format json > resolution.json', 'the resolution as JSON (diagnostics on stderr)'],
      ]),
    )
    .action(async (file: string, options: Omit<PlanCommandOptions, 'color'>, cmd: Command) => {
      const { runPlan } = await import('./plan-run.ts');
      const { color } = cmd.optsWithGlobals<{ color: boolean }>();
      io.setExitCode(await runPlan(file, { ...options, color }, io));
    });
}
