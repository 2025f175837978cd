import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { EXAMPLES, SimulatedWorld } from './simulated-world.ts';

// examples/hello.mbp on the simulated datacenter, end to end through the real
// executable: apply, re-apply, scale up and down, a stale saved plan, destroy.
// The steps build on each other, in order, in one project directory.
const e2e = suite('apply hello.mbp');
let temp: TempDir;
let world: SimulatedWorld;

e2e.before(() => {
  temp = makeTempDir();
  world = new SimulatedWorld(temp.path);
  fs.copyFileSync(path.join(EXAMPLES, 'hello.mbp'), path.join(temp.path, 'hello.mbp'));
  const init = world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
});
e2e.after(() => temp.cleanup());

const serverNamesOf = (w: SimulatedWorld, infra: string): string[] => {
  const inv = w.inventory();
  const ids = new Set(inv.infrastructures.find((i) => i.name === infra)?.instances.map((i) => i.server_id) ?? []);
  return inv.servers.filter((s) => ids.has(s.id)).map((s) => s.name).sort();
};

e2e('without a terminal it refuses unless --auto-approve, and changes nothing', () => {
  const before = world.inventory().serial;
  const r = world.mbp('apply', 'hello.mbp', '--speed', '0');
  assert.is(r.code, 1);
  assert.match(r.stderr, /--auto-approve/);
  assert.is(world.inventory().serial, before);
  assert.is(world.journals().length, 0);
});

e2e('apply provisions one web server: inventory, hardware and outputs agree', () => {
  const r = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /hello\/web\[0\]\/install_os: done/);
  const inv = world.inventory();
  const infra = inv.infrastructures.find((i) => i.name === 'hello');
  assert.ok(infra, 'hello is recorded');
  assert.is(infra!.status, 'deployed');
  assert.is(infra!.instances.length, 1);
  const inst = infra!.instances[0]!;
  assert.is(inst.status, 'active');
  const server = inv.servers.find((s) => s.id === inst.server_id)!;
  assert.is(server.status, 'active');
  assert.is(server.allocation?.infrastructure, 'hello');
  assert.is(inv.reservations.length, 0);
  assert.match(server.ssh_host_key ?? '', /^ssh-ed25519 /, 'the host key is pinned');
  const vlan = infra!.networks.find((n) => n.name === 'wan')?.vlan;
  assert.type(vlan, 'number');

  const hw = world.hardware();
  const s = hw.servers[server.name]!;
  assert.is(s.power, 'on');
  assert.is(s.phase, 'ready');
  assert.is(s.boot_device, 'disk');
  assert.ok(s.installed_image, 'an image is installed');
  assert.is(s.counters.installs, 1);
  const nic0 = server.nics.find((n) => n.index === 0)!;
  const nic1 = server.nics.find((n) => n.index === 1)!;
  const p0 = hw.switches[nic0.switch]!.ports[nic0.port]!;
  const p1 = hw.switches[nic1.switch]!.ports[nic1.port]!;
  assert.is(p0.admin_up, true);
  assert.is(p0.untagged_vlan, vlan);
  assert.is(p1.admin_up, false, 'the unattached port is shut');

  const out = world.mbp('output', 'addresses', '--format', 'json');
  assert.is(out.code, 0, out.stderr);
  assert.equal(JSON.parse(out.stdout), [inst.ips[0]!.address]);
});

e2e("the journal keeps the seed's order: pre_deploy before any bind, every step after its bind", () => {
  const records = world.journals()[0]!;
  const header = records[0] as unknown as { type: string; run: string };
  assert.is(header.type, 'header');
  const seq = records.map((r, i) => ({ i, r: r as { type: string; id?: string } }));
  const endOf = (id: string): number => seq.find((x) => x.r.type === 'step-end' && x.r.id === id)!.i;
  const firstStart = (pred: (id: string) => boolean): number => seq.find((x) => x.r.type === 'step-start' && pred(x.r.id!))!.i;
  const lastPre = Math.max(endOf('hello/subnets'), endOf('hello/vlans'));
  assert.ok(lastPre < firstStart((id) => id.endsWith('/bind')), 'pre_deploy ended before the first bind started');
  assert.ok(endOf('hello/web[0]/bind') < firstStart((id) => id.endsWith('/configure_ports')));
  const commits = records.filter((r) => r.type === 'commit').map((r) => (r as { action: string }).action);
  assert.equal(commits, ['reserve', 'bind', 'activate']);
  assert.is((records[records.length - 1] as { type: string; status?: string }).status, 'succeeded');
  const runs = world.mbp('runs');
  assert.match(runs.stdout, /succeeded/);
  const id = header.run;
  const show = world.mbp('runs', 'show', id);
  assert.is(show.code, 0, show.stderr);
  assert.match(show.stdout, /hello\/web\[0\]\/wait_ready: succeeded/);
});

e2e('a second apply of the same blueprint is a no-op: no hardware counter moves', () => {
  const inv = world.inventory();
  const hw = JSON.stringify(world.hardware().servers);
  const r = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /No changes/);
  assert.is(world.inventory().serial, inv.serial);
  assert.is(JSON.stringify(world.hardware().servers), hw);
});

e2e('scale up to three keeps the first server untouched; scale down wipes and frees the removed', () => {
  const first = serverNamesOf(world, 'hello')[0]!;
  const before = world.hardware().servers[first]!.counters;
  const up = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0', '--param', 'web_servers=3');
  assert.is(up.code, 0, up.stdout + up.stderr);
  const three = serverNamesOf(world, 'hello');
  assert.is(three.length, 3);
  assert.equal(world.hardware().servers[first]!.counters, before, 'the kept server was not touched');
  for (const n of three) assert.is(world.hardware().servers[n]!.counters.installs, 1, `${n} installed once`);

  const down = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0', '--param', 'web_servers=1');
  assert.is(down.code, 0, down.stdout + down.stderr);
  assert.equal(serverNamesOf(world, 'hello'), [first]);
  const inv = world.inventory();
  for (const n of three.filter((x) => x !== first)) {
    assert.is(inv.servers.find((s) => s.name === n)!.status, 'available', `${n} is back in the pool`);
    const s = world.hardware().servers[n]!;
    assert.is(s.power, 'off');
    assert.is(s.disk_wiped, true);
    assert.is(s.installed_image, null);
  }
});

e2e('a saved plan is refused once an object it read changed, naming it', async () => {
  const { compileBlueprint } = await import('../../compiler/lower/index.ts');
  const { NodeFileSystem } = await import('../../compiler/sources/index.ts');
  const resolve = await import('../../runtime/resolve/index.ts');
  const compiled = await compileBlueprint(new NodeFileSystem(), path.join(temp.path, 'hello.mbp'), { cwd: temp.path, paramFlags: ['web_servers=2'] });
  assert.ok(compiled.plan);
  const { resolution } = resolve.resolvePlan(compiled.plan!, world.inventory(), { owner: resolve.ownerPath(path.join(temp.path, 'hello.mbp'), path.join(temp.path, '.mbp', 'inventory.json')) });
  const planned = resolution.infrastructures['hello']!.arrays['web']!.instances.find((i) => i.index === 1)!.server!;
  fs.writeFileSync(path.join(temp.path, 'hello.plan'), resolve.savedPlanToJson(compiled.plan!, resolution));
  const q = world.mbp('inventory', 'server', 'quarantine', planned.name);
  assert.is(q.code, 0, q.stderr);
  const serial = world.inventory().serial;
  const r = world.mbp('apply', 'hello.plan', '--auto-approve', '--speed', '0');
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.ok(r.stderr.includes(planned.name) || r.stderr.includes(`server ${planned.id}`), r.stderr);
  assert.is(world.inventory().serial, serial, 'nothing was committed');
  world.mbp('inventory', 'server', 'return', planned.name);
});

e2e('destroy releases every server (disks wiped, power off) and every IP, subnet and VLAN', () => {
  const servers = serverNamesOf(world, 'hello');
  assert.ok(servers.length > 0);
  const refuse = world.mbp('destroy', 'hello', '--speed', '0');
  assert.is(refuse.code, 1);
  assert.match(refuse.stderr, /--auto-approve/);
  const r = world.mbp('destroy', 'hello', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`releases ${servers.length} server`));
  const inv = world.inventory();
  assert.equal(inv.infrastructures, []);
  assert.equal(inv.reservations, []);
  assert.ok(inv.servers.every((s) => s.status === 'available' && s.allocation === null && s.ssh_host_key === null));
  const hw = world.hardware();
  for (const n of servers) {
    assert.is(hw.servers[n]!.power, 'off');
    assert.is(hw.servers[n]!.disk_wiped, true);
    const server = inv.servers.find((s) => s.name === n)!;
    for (const nic of server.nics) assert.is(hw.switches[nic.switch]!.ports[nic.port]!.admin_up, false);
  }
  // Everything is free again: the same blueprint gets the same VLAN and subnet from scratch.
  const again = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stdout, /VLAN 100 \(allocated\)/);
});

e2e.run();
