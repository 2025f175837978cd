import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { EXAMPLES, SimulatedWorld } from './simulated-world.ts';

// SIGTERM in the middle of an install (real-time simulated hardware) stops
// cleanly with 130; the next apply resumes from the journal: finished steps
// are not run again, and the instance ends up active with one install.
const resume = suite('interrupt and resume');
let temp: TempDir;
let world: SimulatedWorld;

resume.before(() => {
  temp = makeTempDir();
  world = new SimulatedWorld(temp.path);
  fs.copyFileSync(path.join(EXAMPLES, 'hello.mbp'), path.join(temp.path, 'hello.mbp'));
  assert.is(world.mbp('inventory', 'init', '--demo').code, 0);
});
resume.after(() => temp.cleanup());

resume('SIGTERM stops cleanly with 130 and records where the run stopped', async () => {
  const r = await world.interrupt(['apply', 'hello.mbp', '--auto-approve', '--speed', '0.1'], /install_os: started/, 'SIGTERM');
  assert.ok(r.sent, r.stdout + r.stderr);
  assert.is(r.code, 130, r.stdout + r.stderr);
  assert.match(r.stdout, /stopped by the interruption/);
  const inv = world.inventory();
  const infra = inv.infrastructures.find((i) => i.name === 'hello')!;
  assert.is(infra.status, 'deploying');
  assert.is(infra.instances[0]!.status, 'provisioning');
  assert.is(inv.reservations.length, 0);
  const last = world.journals()[0]!.at(-1) as { type: string; status?: string };
  assert.equal([last.type, last.status], ['run-end', 'interrupted']);
});

resume('the next apply resumes: finished steps are skipped, the rest run', () => {
  const r = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Resumed run/);
  const [first, second] = world.journals();
  const finished = first!.filter((x) => x.type === 'step-end' && (x as { outcome: string }).outcome === 'succeeded').map((x) => (x as { id: string }).id);
  assert.ok(finished.includes('hello/web[0]/prepare_boot'));
  const started = new Set(second!.filter((x) => x.type === 'step-start').map((x) => (x as { id: string }).id));
  const resumed = new Set(second!.filter((x) => x.type === 'step-resumed').map((x) => (x as { id: string }).id));
  for (const id of finished) {
    assert.ok(resumed.has(id), `${id} carried over`);
    assert.not.ok(started.has(id), `${id} not run again`);
  }
  assert.ok(started.has('hello/web[0]/install_os'));
  const inv = world.inventory();
  const infra = inv.infrastructures.find((i) => i.name === 'hello')!;
  assert.is(infra.status, 'deployed');
  const server = inv.servers.find((s) => s.id === infra.instances[0]!.server_id)!;
  assert.is(server.status, 'active');
  assert.is(world.hardware().servers[server.name]!.counters.installs, 1);
});

resume('a SIGKILLed run is reconciled: its half-provisioned server is set aside, the next apply finishes on another', async () => {
  world.mbp('destroy', 'hello', '--auto-approve', '--speed', '0');
  const killed = await world.interrupt(['apply', 'hello.mbp', '--auto-approve', '--speed', '0.1'], /install_os: started/, 'SIGKILL');
  assert.ok(killed.sent);
  assert.is(killed.code, null, 'killed by the signal');
  const left = world.inventory();
  assert.is(left.reservations.length, 1, 'the killed run left its reservation');
  const half = left.servers.find((s) => s.status === 'provisioning')!;
  assert.ok(half, 'and a server bound but not provisioned');
  const r = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`reconciled: ${half.name}`));
  const inv = world.inventory();
  assert.equal(inv.reservations, []);
  assert.is(inv.servers.find((s) => s.id === half.id)!.status, 'failed');
  const infra = inv.infrastructures.find((i) => i.name === 'hello')!;
  assert.is(infra.status, 'deployed');
  assert.is.not(infra.instances[0]!.server_id, half.id);
});

resume.run();
