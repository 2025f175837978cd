import { Option, type Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { examples, formatOption } from '../options.ts';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** `--inventory PATH` (else `MBP_INVENTORY`, else `.mbp/inventory.json`), shared by every subcommand. */
function inventoryOption(): Option {
  return new Option('--inventory <path>', 'inventory file (default: $MBP_INVENTORY or .mbp/inventory.json)');
}

interface Common {
  inventory?: string;
  format: Format;
}

type Action = (run: typeof import('./inventory-run.ts'), args: readonly string[], opts: Common & Record<string, unknown>) => Promise<number>;

function action(io: CommandIO, fn: Action) {
  return async (...params: unknown[]) => {
    // commander passes the positional arguments, then the options, then the command.
    const opts = params[params.length - 2] as Common & Record<string, unknown>;
    const args = params.slice(0, -2).flat() as string[];
    const run = await import('./inventory-run.ts');
    io.setExitCode(await fn(run, args, opts) as never);
  };
}

export function register(program: Command, io: CommandIO): void {
  const inventory = program
    .command('inventory')
    .summary('create, inspect and maintain the inventory of datacenters and servers')
    .description(
      'The inventory is a JSON file holding datacenters, racks, switches, servers and what is\n' +
        'deployed. Only `mbp inventory init` creates one; every other command refuses a missing file.',
    )
    .addHelpText(
      'after',
      examples([
        ['mbp inventory init --demo', 'create .mbp/inventory.json with the simulated datacenter'],
        ['mbp inventory show --servers', 'list datacenters, server types, deployments and servers'],
        ['mbp inventory validate --inventory site.json', 'report every problem in a hand-edited file'],
        ['mbp inventory import servers.csv', 'add servers (serials, MACs, rack, NIC wiring, BMC reference)'],
        ['mbp inventory server quarantine srv-0042', 'take a server out of allocation until an operator returns it'],
        ['mbp inventory unlock RUN --force', 'drop the reservation of a run whose host died (see `mbp inventory unlock --help`)'],
      ]),
    );

  inventory
    .command('init')
    .summary('create a new inventory file (never overwrites one)')
    .option('--demo', 'fill it with the simulated datacenters dc-east and dc-west')
    .addOption(inventoryOption())
    .addOption(formatOption(FORMATS))
    .action(action(io, (run, _args, opts) => run.runInit(io, opts, opts.demo === true)));

  inventory
    .command('show')
    .summary('summarise the inventory')
    .option('--servers', 'list every server too')
    .addOption(inventoryOption())
    .addOption(formatOption(FORMATS))
    .action(action(io, (run, _args, opts) => run.runShow(io, opts, opts.servers === true)));

  inventory
    .command('validate')
    .summary('check the inventory file against its schema and integrity rules')
    .addOption(inventoryOption())
    .addOption(formatOption(FORMATS))
    .action(action(io, (run, _args, opts) => run.runValidate(io, opts)));

  inventory
    .command('import')
    .summary('add servers from a CSV or JSON file, all or nothing')
    .argument('<file>', 'CSV or JSON file of servers')
    .addOption(inventoryOption())
    .addOption(formatOption(FORMATS))
    .action(action(io, (run, args, opts) => run.runImport(io, opts, args[0]!)));

  inventory
    .command('unlock')
    .summary("drop a stuck run's reservation by hand (Terraform's force-unlock)")
    .description(
      'Does for run RUN what `mbp apply` does by itself for a run whose process is gone on this host:\n' +
        'drops its reservations, returns the servers it reserved and never bound to `available`, and\n' +
        'marks `failed` those it bound that no infrastructure records (read from its journal). Meant for a\n' +
        'run written on another host: mbp cannot check its process there, so it blocks its infrastructure\n' +
        'until you drop it.\n' +
        'Refuses a run still alive on this host, and a run on another host without --force.',
    )
    .argument('<run>', 'run id of the reservation (`mbp inventory show` lists them)')
    .option('--force', 'drop a reservation written on another host: you vouch that its run no longer runs there')
    .addOption(inventoryOption())
    .addOption(formatOption(FORMATS))
    .addHelpText(
      'after',
      examples([
        ['mbp inventory show', 'list the reservations: run id, infrastructure, pid and host'],
        ['mbp inventory unlock 20250101T000000.000Z-0000-abcdef', 'a run on this host whose process is gone'],
        ['mbp inventory unlock 20250101T000000.000Z-0000-abcdef --force', 'a run on a host that died with it'],
      ]),
    )
    .action(action(io, (run, args, opts) => run.runUnlock(io, opts, args[0]!)));

  const server = inventory.command('server').summary('operator actions on one server');
  for (const [name, what] of [
    ['quarantine', 'take a server out of allocation; only `return` brings it back'],
    ['return', 'make a quarantined, maintenance or failed server available again'],
    ['maintenance', 'put a server in maintenance'],
    ['retire', 'retire a server for good'],
  ] as const) {
    server
      .command(name)
      .summary(what)
      .argument('<server>', 'server id, name or serial number')
      .option('--reason <text>', 'why, recorded in the server history')
      .addOption(inventoryOption())
      .addOption(formatOption(FORMATS))
      .action(action(io, (run, args, opts) => run.runServerAction(io, opts, name, args[0]!)));
  }
}
