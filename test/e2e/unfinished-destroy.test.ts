import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { arrayBlueprint, makeTempDir, type TempDir } from '../support/index.ts';
import { CrashWorld } from '../crash/crash-world.ts';
import { crashInvariantViolations } from '../crash/invariants.ts';

// An infrastructure whose `mbp destroy` was killed or failed part-way
// (record `destroying`), through the real executable on the simulated
// datacenter: `mbp plan` and `mbp apply` refuse it, changing nothing, and
// say to finish the destroy; `mbp destroy` again finishes it; the blueprint
// then applies from scratch. Killed after its releases, the record still
// lists instances on wiped servers: planning it as an update would have
// kept them as unchanged (the bug this guards against).

// Fails for the hostnames listed in the file `closed` names.
const GATE = `
import fs from 'node:fs';

export async function gate(args: { closed: string; who: string }): Promise<string> {
  if (fs.existsSync(args.closed) && fs.readFileSync(args.closed, 'utf8').split('\\n').includes(args.who)) throw new Error('the gate is closed for ' + args.who);
  return 'open';
}
`;

const blueprint = (closed: string): string =>
  arrayBlueprint({
    infrastructure: 'farm',
    count: '3',
    arrayLines: ['hostname    = "web-${instance.index}"', 'on deprovision run drain(node = instance)'],
    tail: `
workflow drain(node: instance) {
  step gate = std.ts.call("./hooks/gate.ts", "gate", { closed = "${closed}", who = node.hostname })
}`,
  });

interface Ctx {
  temp: TempDir;
  world: CrashWorld;
  closed: string;
}

const test = suite<Ctx>('a destroy left unfinished');
test.before.each((ctx) => {
  ctx.temp = makeTempDir();
  ctx.world = new CrashWorld(ctx.temp.path, 'farm.mbp', '0');
  ctx.closed = path.join(ctx.temp.path, 'closed');
  fs.mkdirSync(path.join(ctx.temp.path, 'hooks'));
  fs.writeFileSync(path.join(ctx.temp.path, 'hooks', 'gate.ts'), GATE);
  fs.writeFileSync(path.join(ctx.temp.path, 'farm.mbp'), blueprint(ctx.closed));
  const init = ctx.world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
  const r = ctx.world.mbp('apply', 'farm.mbp', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
});
test.after.each((ctx) => ctx.temp.cleanup());

const recordOf = (world: CrashWorld) => world.inventory().infrastructures.find((i) => i.name === 'farm');
const serverNames = (world: CrashWorld): string[] => {
  const inv = world.inventory();
  return (recordOf(world)?.instances ?? []).map((i) => inv.servers.find((s) => s.id === i.server_id)!.name);
};
const statusOf = (world: CrashWorld, name: string) => world.inventory().servers.find((s) => s.name === name)!.status;

function withFailpoints<T>(spec: string, run: () => T): T {
  process.env.MBP_FAILPOINTS = spec;
  try {
    return run();
  } finally {
    delete process.env.MBP_FAILPOINTS;
  }
}

/** Plan and apply refuse the half-destroyed infrastructure, and neither touches the inventory or the hardware. */
/** The inventory without its reservations and serial: what a refused apply may change is only its reconciliation of a killed run's reservation. */
function withoutReservations(world: CrashWorld): string {
  const inv = JSON.parse(fs.readFileSync(path.join(world.dir, '.mbp', 'inventory.json'), 'utf8')) as { reservations?: unknown; serial?: unknown };
  delete inv.reservations;
  delete inv.serial;
  return JSON.stringify(inv);
}

function assertRefused(world: CrashWorld): void {
  const inventory = withoutReservations(world);
  const hardware = JSON.stringify(world.hardware());
  const plan = world.mbp('plan', 'farm.mbp');
  assert.is(plan.code, 1, plan.stdout + plan.stderr);
  const said = plan.stdout + plan.stderr;
  assert.match(said, /farm: its last destroy did not finish \(\d server\(s\) still bound\)/);
  assert.match(said, /run mbp destroy farm to finish it/);
  assert.not.match(said, /No changes/, 'an infrastructure left out is not "no changes"');
  const apply = world.mbp('apply', 'farm.mbp', '--auto-approve', '--speed', '0');
  assert.is(apply.code, 1, apply.stdout + apply.stderr);
  assert.match(apply.stdout + apply.stderr, /last destroy did not finish/);
  assert.is(withoutReservations(world), inventory, 'the refused apply wrote nothing to the inventory but the reconciliation of the killed destroy');
  assert.is(JSON.stringify(world.hardware()), hardware, 'the refused apply touched no server');
}

/** `mbp destroy farm` finishes: the record is gone, every server it held is available and wiped. */
function assertDestroyFinishes(world: CrashWorld, servers: readonly string[]): void {
  const r = world.mbp('destroy', 'farm', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(recordOf(world), undefined);
  for (const n of servers) {
    assert.is(statusOf(world, n), 'available', `${n} is given back`);
    assert.equal([world.hardware().servers[n]!.disk_wiped, world.hardware().servers[n]!.power], [true, 'off'], `${n} is wiped and off`);
  }
}

/** The blueprint applies from scratch: three active instances, each on its own server, up and consistent with the journals. */
function assertReapplies(world: CrashWorld): void {
  const r = world.mbp('apply', 'farm.mbp', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\+ infrastructure farm \(dc-east\) will be created/, r.stdout);
  assert.is(r.stdout.match(/^ +\+ web\[\d\]/gm)?.length, 3, r.stdout);
  const rec = recordOf(world)!;
  assert.is(rec.status, 'deployed');
  assert.equal(rec.instances.map((i) => [i.index, i.status]), [[0, 'active'], [1, 'active'], [2, 'active']]);
  assert.is(new Set(serverNames(world)).size, 3, 'no server in two instances');
  assert.equal(crashInvariantViolations(world.snapshot()), []);
}

test('killed after its releases: instances on wiped servers are refused, the next destroy resumes and finishes, then the blueprint applies', (ctx) => {
  const servers = serverNames(ctx.world);
  // Three hooks and three releases pass the mid-step failpoint; the next step, release_vlans or release_subnets, is killed.
  const killed = withFailpoints('executor.mid-step=sigkill-after(6)', () => ctx.world.mbp('destroy', 'farm', '--auto-approve', '--speed', '0'));
  assert.is(killed.code, null, `killed by the failpoint: ${killed.stdout}${killed.stderr}`);
  const rec = recordOf(ctx.world)!;
  assert.is(rec.status, 'destroying');
  assert.is(rec.instances.length, 3, 'the kill came before the commit that drops released instances');
  for (const n of servers) {
    // `releasing` reaches the inventory by checkpoint (docs/runtime.md, "Releases"): a kill this soon after may beat it.
    assert.ok(['active', 'releasing'].includes(statusOf(ctx.world, n) ?? ''), `${n} is ${statusOf(ctx.world, n)}`);
    assert.is(ctx.world.hardware().servers[n]!.disk_wiped, true, `${n} was wiped before the kill`);
  }
  // Negative control: the invariants see the recorded instances on wiped servers (releasing, or powered off).
  const broken = crashInvariantViolations(ctx.world.snapshot());
  assert.ok(broken.some((v) => /of farm\/web\[0\] .* is releasing, not active|farm\/web\[0\]: server \S+ is off\//.test(v)), broken.join('\n'));

  assertRefused(ctx.world);
  const before = ctx.world.journals().length;
  assertDestroyFinishes(ctx.world, servers);
  assert.is(ctx.world.journals().length, before + 1);
  const header = ctx.world.journals().at(-1)![0]!;
  assert.ok(header.type === 'header' && header.resumes !== undefined, 'the destroy resumed the killed one');
  assertReapplies(ctx.world);
});

test('failed on a deprovision hook: released instances are gone, the failed one stays bound; refused until a destroy finishes', (ctx) => {
  const servers = serverNames(ctx.world);
  fs.writeFileSync(ctx.closed, 'web-1\n');
  const failed = ctx.world.mbp('destroy', 'farm', '--auto-approve', '--speed', '0');
  assert.is(failed.code, 1, failed.stdout + failed.stderr);
  const rec = recordOf(ctx.world)!;
  assert.is(rec.status, 'destroying');
  assert.equal(rec.instances.map((i) => [i.index, i.status]), [[1, 'deprovisioning']]);
  assert.equal(servers.map((n) => statusOf(ctx.world, n)), ['available', 'active', 'available']);
  assert.is(ctx.world.hardware().servers[servers[1]!]!.disk_wiped, false, 'the server of the failed hook is not wiped');

  assertRefused(ctx.world);
  fs.rmSync(ctx.closed);
  assertDestroyFinishes(ctx.world, servers);
  assertReapplies(ctx.world);
});

test.run();
