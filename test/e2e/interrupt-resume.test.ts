import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { CrashWorld } from '../crash/crash-world.ts';
import { EXAMPLES, SimulatedWorld } from './simulated-world.ts';

// SIGTERM in the middle of an install (real-time simulated hardware) stops
// cleanly with 130; the next apply resumes from the journal: finished steps
// are not run again, and the instance ends up active with one install. A
// SIGKILL leaves the same: the reserve commit recorded the run's intent.
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

resume('a SIGKILLed run is resumed on its server: its finished install is not run again', async () => {
  world.mbp('destroy', 'hello', '--auto-approve', '--speed', '0');
  // Killed inside finalize (the 10th step to start: 2 infrastructure steps, then bind … install_os), after the install finished.
  const killed = await new CrashWorld(temp.path, 'hello.mbp', '0').attempt({ failpoints: 'executor.mid-step=sigkill-after(9)' });
  assert.is(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
  assert.match(killed.stdout, /install_os: done/);
  const left = world.inventory();
  assert.is(left.reservations.length, 1, 'the killed run left its reservation');
  // Its reserve commit recorded the infrastructure as a stopped run leaves it: the server is held by the record.
  const held = left.infrastructures.find((i) => i.name === 'hello')!;
  assert.is(held.status, 'deploying');
  assert.is(held.instances[0]!.status, 'provisioning');
  const server = left.servers.find((s) => s.id === held.instances[0]!.server_id)!;
  const installs = world.hardware().servers[server.name]!.counters.installs;
  const r = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Resumed run/);
  assert.not.match(r.stderr, /reconciled: /, 'nothing set aside');
  assert.match(r.stdout, /install_os: done in an earlier run, not run again/);
  const inv = world.inventory();
  assert.equal(inv.reservations, []);
  const infra = inv.infrastructures.find((i) => i.name === 'hello')!;
  assert.is(infra.status, 'deployed');
  assert.is(infra.instances[0]!.server_id, server.id, 'on the same server');
  const now = inv.servers.find((s) => s.id === server.id)!;
  assert.is(now.status, 'active');
  assert.is(now.failure_count, 0);
  assert.is(world.hardware().servers[server.name]!.counters.installs, installs, 'no second install');
});

resume.run();
