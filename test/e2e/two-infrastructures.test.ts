import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CrashWorld } from '../crash/crash-world.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';

// A blueprint with two infrastructures, applied in one run through the real
// executable on the simulated datacenter: the reserve commit holds one
// reservation per infrastructure (each with its own servers), a killed run's
// reservations are dropped and it is resumed on its servers, both infrastructures deploy, a re-apply is a
// no-op and each is destroyed on its own.
const BLUEPRINT = 'two-infrastructures.mbp';
const FIXTURE = fileURLToPath(new URL(`./fixtures/${BLUEPRINT}`, import.meta.url));

const e2e = suite('apply a blueprint with two infrastructures');
let temp: TempDir;
let world: CrashWorld;

e2e.before(() => {
  temp = makeTempDir();
  world = new CrashWorld(temp.path, BLUEPRINT, '0');
  fs.copyFileSync(FIXTURE, path.join(temp.path, BLUEPRINT));
  const init = world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
});
e2e.after(() => temp.cleanup());

const serversOf = (name: string): number[] =>
  (world.inventory().infrastructures.find((i) => i.name === name)?.instances ?? []).map((i) => i.server_id!).sort();

e2e('the reserve commit holds one reservation per infrastructure, each with its own servers', async () => {
  // Killed at the first step, just after the reserve commit: the reservations are left for us to read.
  const killed = await world.attempt({ failpoints: 'journal.after-append-before-effect=sigkill-after(0)' });
  assert.is(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
  const inv = world.inventory();
  const byInfra = new Map(inv.reservations.map((r) => [r.infrastructure, r]));
  assert.equal([...byInfra.keys()].sort(), ['back', 'front']);
  const [front, back] = [byInfra.get('front')!, byInfra.get('back')!];
  assert.is(front.run_id, back.run_id, 'both held by the one run');
  assert.is(front.servers.length, 1);
  assert.is(back.servers.length, 2);
  for (const id of [...front.servers, ...back.servers]) {
    const s = inv.servers.find((x) => x.id === id)!;
    assert.is(s.status, 'reserved');
    assert.is(s.allocation?.infrastructure, front.servers.includes(id) ? 'front' : 'back', `${s.name} is reserved for its own infrastructure`);
  }
  const valid = world.mbp('inventory', 'validate');
  assert.is(valid.code, 0, valid.stdout + valid.stderr);
  const shown = world.mbp('inventory', 'show');
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`${front.run_id}\\s+front\\s+1\\b`));
  assert.match(shown.stdout, new RegExp(`${back.run_id}\\s+back\\s+2\\b`));
});

e2e('the next apply drops the reservations of the killed run and deploys both infrastructures on the servers it reserved', async () => {
  // The killed run's reserve commit recorded both infrastructures: their records hold its servers for the resume.
  const held = new Map(['front', 'back'].map((name) => [name, serversOf(name)]));
  assert.is(held.get('front')!.length, 1);
  assert.is(held.get('back')!.length, 2);
  const r = await world.attempt();
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.not.match(r.stderr, /^reconciled: /m, 'no server given back or set aside');
  assert.match(r.stdout, /Resumed run/);
  for (const [name, ids] of held) assert.equal(serversOf(name), ids, `${name} on the servers the killed run reserved`);
  const inv = world.inventory();
  assert.equal(inv.reservations, []);
  for (const name of ['front', 'back']) {
    const infra = inv.infrastructures.find((i) => i.name === name);
    assert.is(infra?.status, 'deployed', `${name} is deployed`);
    for (const inst of infra!.instances) {
      const s = inv.servers.find((x) => x.id === inst.server_id)!;
      assert.is(s.status, 'active');
      assert.is(s.allocation?.infrastructure, name);
      assert.is(world.hardware().servers[s.name]?.phase, 'ready');
    }
  }
  assert.is(serversOf('front').length, 1);
  assert.is(serversOf('back').length, 2);
});

e2e('a re-apply is a no-op', () => {
  const serial = world.inventory().serial;
  const r = world.mbp('apply', BLUEPRINT, '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /No changes/);
  assert.is(world.inventory().serial, serial);
});

e2e('each infrastructure is destroyed on its own', () => {
  const back = serversOf('back');
  const f = world.mbp('destroy', 'front', '--auto-approve', '--speed', '0');
  assert.is(f.code, 0, f.stdout + f.stderr);
  let inv = world.inventory();
  assert.equal(inv.infrastructures.map((i) => i.name), ['back']);
  assert.equal(serversOf('back'), back, 'back keeps its servers');
  const b = world.mbp('destroy', 'back', '--auto-approve', '--speed', '0');
  assert.is(b.code, 0, b.stdout + b.stderr);
  inv = world.inventory();
  assert.equal(inv.infrastructures, []);
  assert.equal(inv.reservations, []);
  assert.ok(inv.servers.every((s) => s.status === 'available'));
});

e2e.run();
