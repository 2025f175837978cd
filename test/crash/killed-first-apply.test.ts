import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JournalRecord } from '../../runtime/journal/index.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';
import { CrashWorld, type ApplyAttempt } from './crash-world.ts';
import { crashInvariantViolations } from './invariants.ts';

// A first apply SIGKILLed after its installs finished (no activation commit)
// leaves its servers held by the record its reserve commit wrote: the next
// `mbp apply` resumes on those servers without installing any of them
// again, and `mbp destroy` finds the infrastructure and wipes them.

const BLUEPRINT = 'three.mbp';
const SOURCE = `infrastructure three {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array web {
    server_type = "M.8.32.2"
    count       = 3
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
  }
}
`;
/** Two infrastructure-wide steps, then 9 per instance; the last step to start is a wait_ready, after every install (their finalize went first). */
const STEPS = 2 + 3 * 9;

const killed = suite('a SIGKILLed first apply');
const temps: TempDir[] = [];
killed.after(() => {
  for (const t of temps) t.cleanup();
});

const said = (a: ApplyAttempt): string => `exit ${a.code} signal ${a.signal}\n${a.stdout.slice(-1500)}\n${a.stderr.slice(-1500)}`;

/** A world whose first apply was killed inside its last step, with what its journal says it bound and installed. */
async function killedWorld(): Promise<{ world: CrashWorld; bound: Map<string, string>; installs: Record<string, number> }> {
  const temp = makeTempDir();
  temps.push(temp);
  fs.writeFileSync(path.join(temp.path, BLUEPRINT), SOURCE);
  const world = new CrashWorld(temp.path, BLUEPRINT, '0');
  assert.is(world.mbp('inventory', 'init', '--demo').code, 0);
  const a = await world.attempt({ failpoints: `executor.mid-step=sigkill-after(${STEPS - 1})` });
  assert.is(a.signal, 'SIGKILL', `the failpoint should have killed the apply: ${said(a)}`);
  const journal = world.journalRecords().at(-1)!;
  const ended = journal.filter((r): r is Extract<JournalRecord, { type: 'step-end' }> => r.type === 'step-end' && r.outcome === 'succeeded');
  const bound = new Map(ended.filter((r) => r.id.endsWith('/bind')).map((r) => [r.id.replace(/\/bind$/, ''), String(r.outputs?.['server'])]));
  assert.is(bound.size, 3, 'the killed run bound all three');
  assert.is(ended.filter((r) => r.id.endsWith('/install_os')).length, 3, 'and finished their installs');
  assert.not.ok(journal.some((r) => r.type === 'run-end'), 'it never got to its end');
  const installs = Object.fromEntries([...bound.values()].map((s) => [s, world.hardware().servers[s]!.counters.installs]));
  for (const [s, n] of Object.entries(installs)) assert.is(n, 1, `${s} installed once`);
  return { world, bound, installs };
}

killed('the next apply resumes on the servers it bound: no install again, all three active', async () => {
  const { world, bound, installs } = await killedWorld();
  const r = await world.attempt();
  assert.is(r.code, 0, said(r));
  assert.match(r.stdout, /Resumed run/);
  assert.not.match(r.stderr, /reconciled: /, 'no server set aside');
  const inv = world.inventory();
  const infra = inv.infrastructures.find((i) => i.name === 'three')!;
  assert.is(infra.status, 'deployed');
  assert.is(infra.instances.length, 3);
  for (const i of infra.instances) {
    const server = inv.servers.find((s) => s.id === i.server_id)!;
    assert.is(i.status, 'active');
    assert.is(server.name, bound.get(`three/web[${i.index}]`), `web[${i.index}] on the server the killed run bound`);
    assert.is(server.status, 'active');
    assert.is(world.hardware().servers[server.name]!.counters.installs, installs[server.name], `${server.name}: no second install`);
  }
  assert.ok(inv.servers.every((s) => s.failure_count === 0), 'no server counted a failure');
  assert.equal(inv.reservations, []);
  assert.equal(crashInvariantViolations(world.snapshot()), []);
});

killed('mbp destroy after the kill releases every server it bound: available, wiped, off', async () => {
  const { world, bound } = await killedWorld();
  const r = world.mbp('destroy', 'three', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  const inv = world.inventory();
  assert.not.ok(inv.infrastructures.some((i) => i.name === 'three'), 'the record is gone');
  const hw = world.hardware();
  for (const name of bound.values()) {
    const s = inv.servers.find((x) => x.name === name)!;
    assert.is(s.status, 'available', `${name} available`);
    assert.is(s.allocation, null);
    assert.is(hw.servers[name]!.disk_wiped, true, `${name} wiped`);
    assert.is(hw.servers[name]!.power, 'off', `${name} off`);
  }
  assert.not.ok(inv.servers.some((s) => s.status === 'reserved' || s.status === 'provisioning'), 'nothing left held');
  // The killed run's finished steps were undone by the wipe: applying again installs afresh, on whichever servers.
  const again = await world.attempt();
  assert.is(again.code, 0, said(again));
  assert.not.match(again.stdout, /Resumed run/);
  assert.equal(crashInvariantViolations(world.snapshot()), []);
});

killed.run();
