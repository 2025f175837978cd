import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { SimulatedWorld } from './simulated-world.ts';

// What the activation records per infrastructure when part of a run fails,
// through the real executable on the simulated datacenter, with the
// two-infrastructure fixture: a failure in one infrastructure leaves the other
// `deployed`; a failed infrastructure-level hook leaves its infrastructure
// `failed`, `mbp plan` says so, and the next apply runs its hooks again
// (and only them) instead of saying "No changes".
const FIXTURE = fileURLToPath(new URL('./fixtures/two-infrastructures.mbp', import.meta.url));
const BLUEPRINT = 'two.mbp';

// Fails while the file it names exists; each call appends a line to `calls`, so the test counts them.
const GATE = `
import fs from 'node:fs';

export interface GateArgs {
  readonly closed: string;
  readonly calls: string;
  readonly who: string;
}

export async function gate(args: GateArgs): Promise<string> {
  fs.appendFileSync(args.calls, args.who + '\\n');
  if (fs.existsSync(args.closed)) throw new Error('the gate is closed for ' + args.who);
  return 'open';
}
`;

const status = suite('infrastructure status after a failure');
let temp: TempDir;
let world: SimulatedWorld;
let closed: string;
let calls: string;

status.before.each(() => {
  temp = makeTempDir();
  world = new SimulatedWorld(temp.path);
  closed = path.join(temp.path, 'gate-closed');
  calls = path.join(temp.path, 'gate-calls');
  fs.mkdirSync(path.join(temp.path, 'hooks'));
  fs.writeFileSync(path.join(temp.path, 'hooks', 'gate.ts'), GATE);
  const init = world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
});
status.after.each(() => temp.cleanup());

const gateStep = (who: string): string => `step gate = std.ts.call("./hooks/gate.ts", "gate", { closed = "${closed}", calls = "${calls}", who = "${who}" })`;

/** The fixture, with `edit` applied to its text and the gate's workflows appended. */
function writeBlueprint(edit: (text: string) => string): void {
  const workflows = `
workflow checked_provision(node: instance) {
  step os = std.provision.os(node)
  ${gateStep('provision')}
}

workflow notify() {
  ${gateStep('notify')}
}
`;
  fs.writeFileSync(path.join(temp.path, BLUEPRINT), edit(fs.readFileSync(FIXTURE, 'utf8')) + workflows);
}

const apply = () => world.mbp('apply', BLUEPRINT, '--auto-approve', '--speed', '0');
const statusOf = (name: string) => world.inventory().infrastructures.find((i) => i.name === name)?.status;
const gateCalls = (): string[] => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : []);

status('a failed instance of one infrastructure leaves the other one deployed', () => {
  // `back` (resolved first) fails its instances; `front` has nothing to do with it.
  writeBlueprint((t) => t.replace('instance_array db {', 'instance_array db {\n    on provision run checked_provision(node = instance)'));
  fs.writeFileSync(closed, '');
  const r = apply();
  assert.is.not(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Failed instances: back\/db\[0\], back\/db\[1\]|Failed instances: back\/db\[1\], back\/db\[0\]/);
  assert.is(statusOf('back'), 'failed');
  assert.is(statusOf('front'), 'deployed', 'front failed nothing');
  assert.ok(world.inventory().infrastructures.find((i) => i.name === 'front')!.instances.every((i) => i.status === 'active'));

  // Negative control: once the gate opens, back deploys too and front stays as it was.
  fs.rmSync(closed);
  const again = apply();
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.is(statusOf('back'), 'deployed');
  assert.is(statusOf('front'), 'deployed');
});

status('a failed post_deploy hook leaves its infrastructure failed, and the next apply runs the hooks again', () => {
  writeBlueprint((t) => t.replace(/(infrastructure front \{\n)/, '$1  on post_deploy run notify()\n'));
  fs.writeFileSync(closed, '');
  const first = apply();
  assert.is.not(first.code, 0, first.stdout + first.stderr);
  assert.equal(gateCalls(), ['notify']);
  assert.is(statusOf('front'), 'failed', 'a failed post_deploy hook is a failed apply of front');
  assert.is(statusOf('back'), 'deployed');
  const front = world.inventory().infrastructures.find((i) => i.name === 'front')!;
  assert.ok(front.instances.every((i) => i.status === 'active'), 'its instances are fine');

  // The plan says why front changes: its last apply failed, at the notify hook.
  const plan = world.mbp('plan', BLUEPRINT);
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.match(plan.stdout, /~ infrastructure front \(dc-east\) will be updated in place \(last apply failed\)/);
  assert.match(plan.stdout, /infrastructure steps \d+: .*post_deploy\/notify\/gate/, plan.stdout);
  assert.match(plan.stdout, /Plan: 0 to create, 1 to update/);

  // The gate opens: the next apply runs front's hook again (instances untouched), not "No changes".
  fs.rmSync(closed);
  const installs = world.hardware().servers;
  const before = Object.fromEntries(Object.entries(installs).map(([k, s]) => [k, s.counters.installs]));
  const second = apply();
  assert.is(second.code, 0, second.stdout + second.stderr);
  assert.not.match(second.stdout, /No changes/);
  assert.equal(gateCalls(), ['notify', 'notify'], 'the hook ran again, once');
  assert.is(statusOf('front'), 'deployed');
  const after = Object.fromEntries(Object.entries(world.hardware().servers).map(([k, s]) => [k, s.counters.installs]));
  assert.equal(after, before, 'no instance was reinstalled');

  // Negative control: now it is clean, and the next apply has nothing to do.
  const third = apply();
  assert.is(third.code, 0, third.stdout + third.stderr);
  assert.match(third.stdout, /No changes/);
  assert.equal(gateCalls(), ['notify', 'notify']);
});

status.run();
