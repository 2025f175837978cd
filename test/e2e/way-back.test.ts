import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JournalRecord } from '../../runtime/journal/index.ts';
import { arrayBlueprint, makeTempDir, type TempDir } from '../support/index.ts';
import { mbpAsync, startWebhook } from './network-world.ts';
import { SimulatedWorld } from './simulated-world.ts';

// The way back (issue 5): deprovision hooks on scale-down, replace and
// destroy, pre_destroy once before them, then the releases; observed by a
// loopback webhook the hooks call with the hostname they run for.
const BLUEPRINT = (url: string): string =>
  arrayBlueprint({
    head: 'param web_servers: int = 3\nparam web_type: string = "M.8.32.2"\n',
    infrastructure: 'farm',
    serverType: 'web_type',
    count: 'web_servers',
    arrayLines: ['hostname    = "web-${instance.index}"', 'on deprovision run drain(node = instance)'],
    infrastructureLines: ['on pre_destroy run farewell()'],
    tail: `
workflow drain(node: instance) {
  step tell = std.http.request("${url}/drain", "POST", body = "drain \${node.hostname} \${node.ipv4} \${node.server.id}") {
    retry { attempts = 1, backoff = 1s }
  }
}

workflow farewell() {
  step tell = std.http.request("${url}/farewell", "POST", body = "farewell")
}`,
  });

interface Ctx {
  temp: TempDir;
  world: SimulatedWorld;
  hook: Awaited<ReturnType<typeof startWebhook>>;
  /** Bodies answered 500. */
  failing: Set<string>;
}

const test = suite<Ctx>('the way back: deprovision and pre_destroy hooks');
test.before.each(async (ctx) => {
  ctx.temp = makeTempDir();
  ctx.world = new SimulatedWorld(ctx.temp.path);
  ctx.failing = new Set();
  ctx.hook = await startWebhook((r) => (ctx.failing.has(r.body.split(' ').slice(0, 2).join(' ')) ? { status: 500, body: 'no' } : { status: 200, body: '{"ok":true}', type: 'application/json' }));
  const init = await mbpAsync(ctx.temp.path, ['inventory', 'init', '--demo']);
  assert.is(init.code, 0, init.stderr);
  fs.writeFileSync(path.join(ctx.temp.path, 'farm.mbp'), BLUEPRINT(ctx.hook.url));
});
test.after.each(async (ctx) => {
  await ctx.hook.close();
  ctx.temp.cleanup();
});

const mbp = (ctx: Ctx, ...args: string[]) => mbpAsync(ctx.temp.path, args);
const apply = async (ctx: Ctx, ...extra: string[]) => {
  const r = await mbp(ctx, 'apply', 'farm.mbp', '--auto-approve', '--speed', '0', ...extra);
  assert.is(r.code, 0, r.stdout + r.stderr);
  return r;
};
const bodies = (ctx: Ctx): string[] => ctx.hook.requests.map((q) => q.body.split(' ').slice(0, 2).join(' '));
const instancesOf = (world: SimulatedWorld) => world.inventory().infrastructures.find((i) => i.name === 'farm')?.instances ?? [];
const serverOf = (world: SimulatedWorld, index: number) => {
  const inv = world.inventory();
  const inst = instancesOf(world).find((i) => i.index === index)!;
  return inv.servers.find((s) => s.id === inst.server_id)!;
};

/** Step ids in the order the last journal started them. */
function started(world: SimulatedWorld): string[] {
  const last = world.journals().at(-1) ?? [];
  return last.filter((r): r is Extract<JournalRecord, { type: 'step-start' }> => r.type === 'step-start').map((r) => r.id);
}

function before(order: readonly string[], a: string, b: string): void {
  const i = order.indexOf(a);
  const j = order.indexOf(b);
  assert.ok(i >= 0 && j >= 0 && i < j, `${a} starts before ${b} (journal: ${order.join(', ')})`);
}

test('scale-down 3 → 1 runs deprovision for [1] and [2] on the instance as deployed, then releases them wiped; scale to 0 runs it for [0]', async (ctx) => {
  await apply(ctx);
  assert.equal(bodies(ctx), [], 'nothing is deprovisioned on the way up');
  const gone = [1, 2].map((i) => ({ server: serverOf(ctx.world, i), ip: instancesOf(ctx.world).find((x) => x.index === i)!.ips[0]!.address }));

  await apply(ctx, '--param', 'web_servers=1');
  assert.equal(bodies(ctx).sort(), ['drain web-1', 'drain web-2']);
  for (const [n, g] of gone.entries()) {
    // The hook saw the deployed hostname, address and server.
    assert.ok(ctx.hook.requests.some((q) => q.body === `drain web-${n + 1} ${g.ip} ${g.server.name}`), `deprovision of web-${n + 1} saw ${g.ip} on ${g.server.name}`);
    const order = started(ctx.world);
    before(order, `farm/web[${n + 1}]/deprovision/drain/tell`, `farm/web[${n + 1}]/release`);
    const s = ctx.world.inventory().servers.find((x) => x.id === g.server.id)!;
    assert.equal([s.status, s.allocation, s.ssh_host_key], ['available', null, null]);
    assert.is(ctx.world.hardware().servers[g.server.name]!.disk_wiped, true);
    assert.is(ctx.world.hardware().servers[g.server.name]!.power, 'off');
  }
  assert.equal(instancesOf(ctx.world).map((i) => i.index), [0]);

  const last = serverOf(ctx.world, 0);
  await apply(ctx, '--param', 'web_servers=0');
  assert.equal(bodies(ctx).slice(2), ['drain web-0'], 'an array scaled to 0 keeps its deprovision hook');
  assert.is(ctx.world.inventory().servers.find((s) => s.id === last.id)!.status, 'available');
  assert.is(ctx.world.hardware().servers[last.name]!.disk_wiped, true);
});

test('destroy runs pre_destroy once before any deprovision, deprovision once per instance, then the releases', async (ctx) => {
  await apply(ctx, '--param', 'web_servers=2');
  const servers = [0, 1].map((i) => serverOf(ctx.world, i).name);
  const r = await mbp(ctx, 'destroy', 'farm', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /releases 2 server\(s\)/);
  assert.match(r.stdout, /farm\/pre_destroy\/farewell \(pre_destroy, once\), farm\/web\/deprovision\/drain \(deprovision, per instance\)/);
  assert.equal(bodies(ctx)[0], 'farewell');
  assert.equal(bodies(ctx).slice(1).sort(), ['drain web-0', 'drain web-1']);
  const order = started(ctx.world);
  for (const i of [0, 1]) {
    before(order, 'farm/pre_destroy/farewell/tell', `farm/web[${i}]/deprovision/drain/tell`);
    before(order, `farm/web[${i}]/deprovision/drain/tell`, `farm/web[${i}]/release`);
  }
  assert.equal(ctx.world.inventory().infrastructures, []);
  for (const n of servers) {
    assert.is(ctx.world.inventory().servers.find((s) => s.name === n)!.status, 'available');
    assert.is(ctx.world.hardware().servers[n]!.disk_wiped, true);
  }
});

test('a failing deprovision hook leaves its server bound and the instance recorded; the next destroy finishes', async (ctx) => {
  await apply(ctx, '--param', 'web_servers=2');
  const kept = serverOf(ctx.world, 1);
  const freed = serverOf(ctx.world, 0);
  const key = path.join(ctx.temp.path, '.mbp', 'keys', 'farm');
  assert.ok(fs.existsSync(key) && fs.existsSync(`${key}.pub`), 'the apply stored the access key');
  ctx.failing.add('drain web-1');
  const r = await mbp(ctx, 'destroy', 'farm', '--auto-approve', '--speed', '0');
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.ok(fs.existsSync(key) && fs.existsSync(`${key}.pub`), 'a failed destroy keeps the access key: web[1] is still bound');
  const rec = ctx.world.inventory().infrastructures.find((i) => i.name === 'farm')!;
  assert.is(rec.status, 'destroying');
  assert.equal(rec.instances.map((i) => [i.index, i.status]), [[1, 'deprovisioning']]);
  assert.is(ctx.world.inventory().servers.find((s) => s.id === kept.id)!.status, 'active', 'the server of the failed hook stays bound');
  assert.is(ctx.world.hardware().servers[kept.name]!.disk_wiped, false);
  assert.is(ctx.world.inventory().servers.find((s) => s.id === freed.id)!.status, 'available');

  ctx.failing.clear();
  const again = await mbp(ctx, 'destroy', 'farm', '--auto-approve', '--speed', '0');
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /releases 1 server\(s\)/);
  assert.equal(ctx.world.inventory().infrastructures, []);
  assert.not.ok(fs.existsSync(key) || fs.existsSync(`${key}.pub`), 'the successful destroy removed the access key');
  assert.is(ctx.world.inventory().servers.find((s) => s.id === kept.id)!.status, 'available');
  const drains = bodies(ctx).filter((b) => b === 'drain web-1').length;
  assert.ok(drains >= 2, `refused (500) in the first destroy, run again by the second (${drains} calls)`);
  assert.is(bodies(ctx).filter((b) => b === 'drain web-0').length, 1, 'the instance released in the first destroy is not deprovisioned again');
});

test('a destroy killed during its releases is resumed by the next one: hooks done are not run again', async (ctx) => {
  await apply(ctx, '--param', 'web_servers=2');
  const servers = [0, 1].map((i) => serverOf(ctx.world, i).name);
  // Killed once both hooks have ended (a hook killed mid-call would be left in doubt, for a person to check) and a release has started.
  const hooksDoneThenRelease = /^(?=[\s\S]*web\[0\]\/deprovision\/drain\/tell: done)(?=[\s\S]*web\[1\]\/deprovision\/drain\/tell: done)(?=[\s\S]*release: started)/;
  const killed = await ctx.world.interrupt(['destroy', 'farm', '--auto-approve', '--speed', '0.05'], hooksDoneThenRelease, 'SIGKILL');
  assert.ok(killed.sent, killed.stdout + killed.stderr);
  assert.equal(bodies(ctx).sort(), ['drain web-0', 'drain web-1', 'farewell'], 'every hook ran before the kill');
  assert.ok(ctx.world.inventory().infrastructures.some((i) => i.name === 'farm'), 'the killed destroy left the record');

  const r = await mbp(ctx, 'destroy', 'farm', '--auto-approve', '--speed', '0');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Resumed run/);
  assert.equal(bodies(ctx).sort(), ['drain web-0', 'drain web-1', 'farewell'], 'no hook ran twice');
  assert.equal(ctx.world.inventory().infrastructures, []);
  for (const n of servers) {
    assert.is(ctx.world.inventory().servers.find((s) => s.name === n)!.status, 'available');
    assert.is(ctx.world.hardware().servers[n]!.disk_wiped, true);
  }
});

test('a failing deprovision hook on scale-down keeps the instance (deprovisioning) on its server; the next apply finishes', async (ctx) => {
  await apply(ctx, '--param', 'web_servers=2');
  const kept = serverOf(ctx.world, 1);
  ctx.failing.add('drain web-1');
  const r = await mbp(ctx, 'apply', 'farm.mbp', '--auto-approve', '--speed', '0', '--param', 'web_servers=1');
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.equal(instancesOf(ctx.world).map((i) => [i.index, i.status]), [[0, 'active'], [1, 'deprovisioning']]);
  assert.is(ctx.world.inventory().servers.find((s) => s.id === kept.id)!.status, 'active');
  ctx.failing.clear();
  await apply(ctx, '--param', 'web_servers=1');
  assert.equal(instancesOf(ctx.world).map((i) => i.index), [0]);
  assert.is(ctx.world.inventory().servers.find((s) => s.id === kept.id)!.status, 'available');
});

test('a move to another server whose deprovision hook fails keeps the instance on its old server and gives the new one back; the next apply moves it', async (ctx) => {
  await apply(ctx, '--param', 'web_servers=1');
  const old = serverOf(ctx.world, 0);
  const move = ['--param', 'web_servers=1', '--param', 'web_type=M.16.64.2', '--allow-replace'];
  ctx.failing.add('drain web-0');
  const r = await mbp(ctx, 'apply', 'farm.mbp', '--auto-approve', '--speed', '0', ...move);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.not.ok(started(ctx.world).includes('farm/web[0]/bind'), 'the new server was not bound');
  assert.equal(instancesOf(ctx.world).map((i) => [i.index, i.status, i.server_id]), [[0, 'deprovisioning', old.id]], 'the record keeps the instance on its old server');
  assert.is(ctx.world.inventory().infrastructures.find((i) => i.name === 'farm')!.status, 'failed');
  assert.is(ctx.world.inventory().servers.find((s) => s.id === old.id)!.status, 'active', 'the old server stays bound');
  assert.is(ctx.world.hardware().servers[old.name]!.disk_wiped, false);
  const held = ctx.world.inventory().servers.filter((s) => s.type === 'M.16.64.2' && (s.status !== 'available' || s.allocation !== null));
  assert.equal(held.map((s) => [s.name, s.status]), [], 'the new server, only reserved, is given back');
  const refused = bodies(ctx).filter((b) => b === 'drain web-0').length;
  assert.ok(refused >= 1);

  ctx.failing.clear();
  await apply(ctx, ...move);
  const now = serverOf(ctx.world, 0);
  assert.equal([now.type, now.status, instancesOf(ctx.world)[0]!.status], ['M.16.64.2', 'active', 'active']);
  assert.is(ctx.world.inventory().servers.find((s) => s.id === old.id)!.status, 'available');
  assert.is(ctx.world.hardware().servers[old.name]!.disk_wiped, true);
  assert.is(bodies(ctx).filter((b) => b === 'drain web-0').length, refused + 1, 'refused in the first apply, run again (once) by the second');
});

test('--replace reinstalls on the same server after its deprovision hook, with a new host key pinned; an unknown instance is a usage error', async (ctx) => {
  await apply(ctx, '--param', 'web_servers=1');
  const server = serverOf(ctx.world, 0);
  const installs = ctx.world.hardware().servers[server.name]!.counters.installs;
  const plan = await mbp(ctx, 'plan', 'farm.mbp', '--param', 'web_servers=1', '--replace', 'web[0]');
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.match(plan.stdout, /--replace/);

  const r = await apply(ctx, '--param', 'web_servers=1', '--replace', 'farm/web[0]');
  assert.equal(bodies(ctx), ['drain web-0']);
  before(started(ctx.world), 'farm/web[0]/deprovision/drain/tell', 'farm/web[0]/install_os');
  assert.not.ok(started(ctx.world).includes('farm/web[0]/release'), 'a reinstall does not release the server');
  const after = serverOf(ctx.world, 0);
  assert.is(after.id, server.id, 'same server');
  assert.is(ctx.world.hardware().servers[server.name]!.counters.installs, installs + 1);
  assert.ok(after.ssh_host_key !== null && after.ssh_host_key !== server.ssh_host_key, `a new host key is pinned (${r.stdout.length} bytes of output)`);

  const bad = await mbp(ctx, 'apply', 'farm.mbp', '--auto-approve', '--speed', '0', '--param', 'web_servers=1', '--replace', 'web[7]');
  assert.is(bad.code, 64, bad.stdout + bad.stderr);
  assert.match(bad.stderr, /--replace web\[7\]: farm\/web\[7\] is not deployed \(deployed: web\[0\]\)/);
});

test('destroy refuses when the owner blueprint does not compile, naming it; --skip-hooks releases without hooks', async (ctx) => {
  await apply(ctx, '--param', 'web_servers=1');
  const server = serverOf(ctx.world, 0);
  fs.writeFileSync(path.join(ctx.temp.path, 'farm.mbp'), 'infrastructure farm {\n  datacenter = \n');
  const refused = await mbp(ctx, 'destroy', 'farm', '--auto-approve', '--speed', '0');
  assert.is(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /the blueprint that owns farm, farm\.mbp, does not compile: farm\.mbp: MBP\d+/);
  assert.match(refused.stderr, /--skip-hooks/);
  assert.ok(ctx.world.inventory().infrastructures.some((i) => i.name === 'farm'), 'nothing was touched');

  const r = await mbp(ctx, 'destroy', 'farm', '--auto-approve', '--speed', '0', '--skip-hooks');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hooks skipped \(--skip-hooks\)/);
  assert.equal(bodies(ctx), [], 'no hook ran');
  assert.equal(ctx.world.inventory().infrastructures, []);
  assert.is(ctx.world.inventory().servers.find((s) => s.id === server.id)!.status, 'available');
  assert.is(ctx.world.hardware().servers[server.name]!.disk_wiped, true);
});

test.run();
