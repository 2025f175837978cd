import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { serializeInventory, type Inventory } from '../../runtime/inventory/index.ts';
import { parseSavedPlan, resolvePlan } from '../../runtime/resolve/index.ts';
import { runCli, type CliRun } from '../cli/cli-harness.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';
import { applied, demo, planOf, webBlueprint } from '../resolve/helpers.ts';

// `mbp plan` in-process against real files in a temp dir: the blueprint,
// the inventory (read through the real store), and `--out`.

interface Project {
  readonly dir: TempDir;
  run(...args: string[]): Promise<CliRun>;
  file(name: string): string;
  write(name: string, text: string): void;
}

function project(files: Readonly<Record<string, string>>, inventory: Inventory = demo()): Project {
  const dir = makeTempDir('mbp-plan-');
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir.path, name), text);
  for (const [name, text] of Object.entries(files)) write(name, text);
  write('inv.json', serializeInventory(inventory));
  return {
    dir,
    write,
    file: (name) => path.join(dir.path, name),
    run: (...args) => runCli(['plan', ...args, '--inventory', 'inv.json'], { cwd: dir.path, fs: new NodeFileSystem(), env: {} }),
  };
}

async function withProject(files: Readonly<Record<string, string>>, fn: (p: Project) => Promise<void>, inventory?: Inventory): Promise<void> {
  const p = project(files, inventory);
  try {
    await fn(p);
  } finally {
    p.dir.cleanup();
  }
}

const HELLO = { 'main.mbp': webBlueprint({ count: 2, array: ['prefer { servers = [5] }'] }) };

test('mbp plan shows the changes for a person and leaves the inventory byte for byte untouched', () =>
  withProject(HELLO, async (p) => {
    const before = fs.readFileSync(p.file('inv.json'));
    const mtime = fs.statSync(p.file('inv.json')).mtimeMs;
    const r = await p.run('main.mbp');
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /Resolved against the inventory inv\.json \(serial 1\) for blueprint main\.mbp\./);
    assert.match(r.stdout, /\+ infrastructure hello \(dc-east\) will be created/);
    assert.match(r.stdout, /\+ network wan \(wan\): VLAN 100 \(allocated\)/);
    assert.match(r.stdout, /\+ subnet wan\/wan: 10\.20\.0\.0\/28/);
    assert.match(r.stdout, /\+ web\[0\] web-0 srv-0001 \(M\.8\.32\.2, rack dc-east-r01\): next free in candidate order/);
    assert.match(r.stdout, /ips {6}10\.20\.0\.2 \(wan\/wan, port 0\)/);
    assert.match(r.stdout, /ports {4}0 → wan \(VLAN 100\); shut 1/);
    assert.match(r.stdout, /steps {4}9: bind, configure_ports, assign_ips, power_off/);
    assert.match(r.stdout, /preference skipped: hello\/web: preferred server srv-0005 \(id 5\) was skipped: it is a M\.16\.64\.2/);
    assert.match(r.stdout, /Plan: 5 to create, 0 to update, 0 to replace, 0 to delete; 0 unchanged\./);
    // The lint warning about `prefer` goes to stderr; the plan output stays on stdout.
    assert.match(r.stderr, /warning\[prefer-server-types\]/);
    assert.equal(fs.readFileSync(p.file('inv.json')), before);
    assert.is(fs.statSync(p.file('inv.json')).mtimeMs, mtime);
    assert.equal(fs.readdirSync(p.dir.path).sort(), ['inv.json', 'main.mbp'], 'no lock or temp file left behind');
  }));

test('--format json prints the resolution; diagnostics stay on stderr', () =>
  withProject(HELLO, async (p) => {
    const r = await p.run('main.mbp', '--format', 'json');
    assert.is(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.is(doc.format_version, '1');
    assert.is(doc.inventory.serial, 1);
    assert.equal(doc.problems, []);
    assert.equal(doc.infrastructures.hello.arrays.web.instances.map((i: { server: { name: string } }) => i.server.name), ['srv-0001', 'srv-0002']);
    assert.is(JSON.parse(r.stderr).warning_count, 1);
  }));

test('--out writes the saved plan atomically (plan, resolution, serial, versions); it can be overwritten', () =>
  withProject(HELLO, async (p) => {
    const r = await p.run('main.mbp', '--out', 'hello.plan');
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /Saved the plan to hello\.plan\. Apply exactly this plan with: mbp apply hello\.plan/);
    const text = fs.readFileSync(p.file('hello.plan'), 'utf8');
    const saved = parseSavedPlan(text);
    assert.ok(saved.ok);
    if (!saved.ok) return;
    assert.is(saved.saved.plan.blueprint.path, 'main.mbp');
    assert.is(saved.saved.resolution.inventory.serial, 1);
    assert.ok(saved.saved.resolution.inventory.objects.some((o) => o.collection === 'servers' && o.key === 1 && o.version === 1));
    assert.is(saved.saved.resolution.owner, 'main.mbp');
    const again = await p.run('main.mbp', '--out', 'hello.plan', '--format', 'json');
    assert.is(again.code, 0);
    assert.is(fs.readFileSync(p.file('hello.plan'), 'utf8'), text, 'the same inputs give the same bytes');
    assert.equal(fs.readdirSync(p.dir.path).sort(), ['hello.plan', 'inv.json', 'main.mbp']);
  }));

test('--detailed-exitcode: 2 with changes, 0 when the inventory matches the blueprint', async () => {
  const text = HELLO['main.mbp'];
  const plan = await planOf(text);
  const deployed = applied(demo(), plan, resolvePlan(plan, demo()).resolution);
  await withProject(HELLO, async (p) => {
    assert.is((await p.run('main.mbp', '--detailed-exitcode')).code, 2);
    assert.is((await p.run('main.mbp')).code, 0, 'without the flag, changes are a success');
  });
  await withProject(
    HELLO,
    async (p) => {
      const r = await p.run('main.mbp', '--detailed-exitcode');
      assert.is(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /infrastructure hello \(dc-east\): no changes \(1 network, 1 subnet, 2 instances\)/);
      assert.match(r.stdout, /No changes\. The inventory matches the blueprint/);
      const more = await p.run('main.mbp', '--detailed-exitcode', '--param', 'n=1');
      assert.is(more.code, 1, 'an unknown param is an error, not a change');
    },
    deployed,
  );
});

test('scale-down with --target, and a replacement only with --allow-replace', async () => {
  const three = { 'main.mbp': webBlueprint({ count: 3 }) };
  const plan = await planOf(three['main.mbp']);
  const deployed = applied(demo(), plan, resolvePlan(plan, demo()).resolution);
  await withProject(
    { 'main.mbp': webBlueprint({ count: 2 }), 'rocky.mbp': webBlueprint({ count: 3 }).replace('ubuntu_2404', 'rocky_9') },
    async (p) => {
      const down = await p.run('main.mbp', '--target', 'web[0]');
      assert.is(down.code, 0, down.stderr + down.stdout);
      assert.match(down.stdout, /- web\[0\] web-0 srv-0001\s*\n\s+because {2}--target/);
      assert.match(down.stdout, /2 instances unchanged: web\[1-2\]/);
      // rocky.mbp is another blueprint: it does not own `hello`.
      const other = await p.run('rocky.mbp');
      assert.is(other.code, 1);
      assert.match(other.stdout, /error: infrastructure hello is owned by blueprint main\.mbp, not rocky\.mbp/);
      p.write('main.mbp', webBlueprint({ count: 3 }).replace('ubuntu_2404', 'rocky_9'));
      const refused = await p.run('main.mbp', '--out', 'x.plan');
      assert.is(refused.code, 1);
      assert.match(refused.stdout, /error: hello\/web: template std\.os\.ubuntu_2404 → std\.os\.rocky_9 replaces web\[0\], web\[1\], web\[2\]\n {2}help: run again with --allow-replace/);
      assert.not.ok(fs.existsSync(p.file('x.plan')), 'no saved plan when there is an error');
      const allowed = await p.run('main.mbp', '--allow-replace');
      assert.is(allowed.code, 0, allowed.stdout);
      assert.match(allowed.stdout, /-\/\+ instance_array web: 3 × M\.8\.32\.2/);
      assert.match(allowed.stdout, /template: std\.os\.ubuntu_2404 → std\.os\.rocky_9 \(forces replacement\)/);
    },
    deployed,
  );
});

test('blueprint errors, inventory errors and shortages exit 1 with the reason on stderr', () =>
  withProject(
    {
      'main.mbp': webBlueprint({ count: 2 }),
      'broken.mbp': 'infrastructure x {\n  datacenter = nowhere\n}\n',
      'nodc.mbp': webBlueprint().replace('"dc-east"', '"dc-eest"'),
      'many.mbp': webBlueprint({ type: 'G.48.512.2', count: 9 }),
    },
    async (p) => {
      const broken = await p.run('broken.mbp');
      assert.is(broken.code, 1);
      assert.is(broken.stdout, '');
      assert.match(broken.stderr, /error\[MBP2001\]/);
      const nodc = await p.run('nodc.mbp', '--out', 'x.plan');
      assert.is(nodc.code, 1);
      assert.match(nodc.stderr, /error\[MBP4001\]: datacenter `dc-eest` is not in the inventory/);
      assert.match(nodc.stderr, /did you mean `dc-east`\?/);
      assert.not.ok(fs.existsSync(p.file('x.plan')));
      const many = await p.run('many.mbp');
      assert.is(many.code, 1);
      assert.match(many.stderr, /error\[MBP4007\]: hello\/web: need 9 G\.48\.512\.2 in dc-east: 8 available/);
      assert.match(many.stderr, /count {7}= 9/);
      const missing = await runCli(['plan', 'main.mbp', '--inventory', 'none.json'], { cwd: p.dir.path, fs: new NodeFileSystem(), env: {} });
      assert.is(missing.code, 1);
      assert.match(missing.stderr, /No inventory file at .*none\.json\.\nRun `mbp inventory init`/);
      assert.not.ok(fs.existsSync(p.file('none.json')));
    },
  ));

test('--deploy-options: for one infrastructure, named with --infrastructure when there are several', () =>
  withProject(
    {
      'main.mbp': `${webBlueprint({ count: 1, name: 'a' })}\n${webBlueprint({ count: 1, name: 'b' })}`,
      'opts.json': '{ "instance_array": { "web": { "M.16.64.2": { "server_count": 2, "server_ids": ["srv-0006"] } } } }',
    },
    async (p) => {
      const ambiguous = await p.run('main.mbp', '--deploy-options', 'opts.json');
      assert.is(ambiguous.code, 64);
      assert.match(ambiguous.stderr, /--deploy-options is for one infrastructure and the blueprint declares a, b: name it with --infrastructure NAME/);
      const r = await p.run('main.mbp', '--deploy-options', 'opts.json', '--infrastructure', 'b', '--format', 'json');
      assert.is(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.equal(Object.keys(doc.infrastructures), ['b'], '--infrastructure plans only that one');
      assert.equal(doc.infrastructures.b.arrays.web.instances.map((i: { server: { name: string }; allocation: string }) => `${i.server.name} ${i.allocation}`), ['srv-0006 preferred', 'srv-0005 order']);
      assert.equal(doc.options.deploy_options, { infrastructure: 'b', source: 'opts.json' });
    },
  ));

test('mbp plan --help shows the options and examples', async () => {
  const r = await runCli(['plan', '--help']);
  assert.is(r.code, 0);
  for (const option of ['--inventory', '--param', '--params', '--deploy-options', '--infrastructure', '--target', '--allow-replace', '--out', '--detailed-exitcode', '--format']) {
    assert.ok(r.stdout.includes(option), option);
  }
  assert.match(r.stdout, /Examples:/);
});

test.run();
