import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROVISION_DEFAULT_SEQUENCE } from '../../stdlib/index.ts';
import { idsUnder, planOf, precedes, step } from './helpers.ts';

/*
 * One test per rule of DESIGN.md section 1, on the plan the compiler writes.
 */

const WORKFLOWS = `
workflow probe(tag: string) {
  step call = std.http.request("https://probe.example/\${tag}")
  step pause = std.wait.duration(1s)
  output status = call.status
}
workflow report(code: int) {
  step send = std.http.request("https://report.example/\${code}", "POST")
}
workflow custom_db(node: instance) {
  step os   = std.provision.os(node)
  step tune = std.ssh.exec(node, "sysctl -w vm.swappiness=1")
}
`;

const BLUEPRINT = `
infrastructure dc {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  network lan { kind = "lan" }

  instance_array web {
    server_type = "M.8.32.2"
    count       = 2
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
    port 2 { network = lan }
  }
  instance_array db {
    server_type = "M.8.32.2"
    count       = 1
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
    on provision run custom_db(node = instance)
  }

  on pre_deploy  run a = probe(tag = "a")
  on pre_deploy  run b = probe(tag = "b")
  on pre_deploy  run c = report(code = a.status) { level = 1 }
  on post_deploy run first = probe(tag = "post") { level = 0 }
  on post_deploy run last  = report(code = 0) { level = 3 }
  on pre_destroy run bye = probe(tag = "bye")
}
${WORKFLOWS}`;

const INSTANCES = ['dc/web[0]', 'dc/web[1]', 'dc/db[0]'];

test('pre_deploy hooks run before any server is bound to an instance', async () => {
  const { steps } = await planOf(BLUEPRINT);
  const pre = steps.filter((s) => s.phase === 'pre_deploy' && s.hook !== undefined).map((s) => s.id);
  assert.equal(pre.length, 5, 'two steps for each of a and b, one for c');
  for (const instance of INSTANCES) {
    for (const id of pre) assert.ok(precedes(steps, id, `${instance}/bind`), `${id} before ${instance}/bind`);
  }
  // The subnets exist before the hooks that may use them.
  for (const id of pre) assert.ok(precedes(steps, 'dc/subnets', id));
});

test('run levels: a lower level runs first; hooks of one level do not wait for each other', async () => {
  const { steps } = await planOf(BLUEPRINT);
  const a = idsUnder(steps, 'dc/pre_deploy/a/');
  const b = idsUnder(steps, 'dc/pre_deploy/b/');
  const c = idsUnder(steps, 'dc/pre_deploy/c/');
  assert.equal(a, ['dc/pre_deploy/a/call', 'dc/pre_deploy/a/pause']);
  for (const later of c) for (const earlier of [...a, ...b]) assert.ok(precedes(steps, earlier, later), `${earlier} before ${later}`);
  for (const x of a) for (const y of b) assert.ok(!precedes(steps, x, y) && !precedes(steps, y, x), `${x} and ${y} are independent`);
  assert.equal(step(steps, c[0] as string).level, 1);
  assert.equal(step(steps, a[0] as string).level, 0);
  // post_deploy levels 0 and 3: 3 waits for 0.
  assert.ok(precedes(steps, 'dc/post_deploy/first/pause', 'dc/post_deploy/last/send'));
});

test('each instance: bind, configure_ports, assign_ips, then the default sequence, in a chain', async () => {
  const { steps } = await planOf(BLUEPRINT);
  for (const instance of ['dc/web[0]', 'dc/web[1]']) {
    const chain = ['bind', 'configure_ports', 'assign_ips', ...PROVISION_DEFAULT_SEQUENCE].map((s) => `${instance}/${s}`);
    assert.equal(idsUnder(steps, `${instance}/`), chain);
    for (let i = 1; i < chain.length; i++) assert.ok(step(steps, chain[i] as string).needs.includes(chain[i - 1] as string), `${chain[i]} needs ${chain[i - 1]}`);
    for (const id of chain.slice(1)) assert.is(step(steps, id).kind, id.endsWith('/bind') ? 'mbp.instance.bind' : `std.provision.${id.split('/').pop()}`);
    assert.equal(step(steps, `${instance}/install_os`).target, { array: 'web', index: Number(instance.slice(-2, -1)) });
    assert.is(step(steps, `${instance}/install_os`).group, 'dc/web');
  }
});

test('an instance with a provision workflow runs it in place of the default sequence', async () => {
  const { steps, infrastructures } = await planOf(BLUEPRINT);
  const db = idsUnder(steps, 'dc/db[0]/');
  for (const s of PROVISION_DEFAULT_SEQUENCE) assert.not.ok(db.includes(`dc/db[0]/${s}`), `no built-in ${s}`);
  assert.equal(db.slice(0, 3), ['dc/db[0]/bind', 'dc/db[0]/configure_ports', 'dc/db[0]/assign_ips']);
  assert.ok(db.includes('dc/db[0]/provision/tune'));
  assert.ok(precedes(steps, 'dc/db[0]/assign_ips', 'dc/db[0]/provision/os/power_off'));
  assert.equal(infrastructures.dc?.arrays.db?.provision, { kind: 'workflow', workflow: 'custom_db', hook: 'dc/db/provision' });
  assert.equal(infrastructures.dc?.arrays.web?.provision, { kind: 'default' });
});

test('std.provision.os expands to the default sequence; std.provision.<step> stays that step', async () => {
  const { steps } = await planOf(BLUEPRINT);
  const os = PROVISION_DEFAULT_SEQUENCE.map((s) => `dc/db[0]/provision/os/${s}`);
  os.forEach((id, i) => {
    assert.is(step(steps, id).kind, `std.provision.${PROVISION_DEFAULT_SEQUENCE[i]}`);
    if (i > 0) assert.equal(step(steps, id).needs, [os[i - 1]]);
  });
  assert.equal(step(steps, 'dc/db[0]/provision/tune').needs, ['dc/db[0]/provision/os/wait_ready']);

  const kept = await planOf(`
infrastructure dc {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array n {
    server_type = "M.8.32.2"
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
    on provision run picky(node = instance)
  }
}
workflow picky(node: instance) {
  step off     = std.provision.power_off(node)
  step check   = std.http.request("https://firmware.example/ok")
  step boot    = std.provision.prepare_boot(node)
  step install = std.provision.install_os(node)
}`);
  assert.equal(idsUnder(kept.steps, 'dc/n[0]/provision/'), ['dc/n[0]/provision/off', 'dc/n[0]/provision/check', 'dc/n[0]/provision/boot', 'dc/n[0]/provision/install']);
  assert.is(step(kept.steps, 'dc/n[0]/provision/install').kind, 'std.provision.install_os');
  assert.equal(step(kept.steps, 'dc/n[0]/provision/boot').args.boot, { lit: 'local_drives' });
  assert.equal(idsUnder(kept.steps, 'dc/n[0]/power_off'), [], 'the skipped built-in steps are not added');
});

test('every port left unattached is shut: configure_ports lists the attached ones and shuts the others', async () => {
  const plan = await planOf(BLUEPRINT);
  const ports = step(plan.steps, 'dc/web[1]/configure_ports');
  assert.equal(ports.args.ports, { lit: [{ index: 0, network: 'wan' }, { index: 2, network: 'lan' }] });
  assert.equal(ports.args.shut, { lit: 'others' });
  assert.equal(plan.infrastructures.dc?.arrays.web?.ports, [{ index: 0, network: 'wan' }, { index: 2, network: 'lan' }]);
  assert.is(plan.infrastructures.dc?.arrays.web?.shut, 'others');
  assert.ok(precedes(plan.steps, 'dc/vlans', ports.id), 'the VLANs exist before ports join them');
});

test('post_deploy runs after every instance of every array, through their rollouts', async () => {
  const { steps } = await planOf(BLUEPRINT);
  const post = steps.filter((s) => s.phase === 'post_deploy');
  const entry = step(steps, 'dc/post_deploy/first/call');
  assert.equal(entry.needs_groups, ['dc/db', 'dc/web']);
  assert.equal(step(steps, 'dc/post_deploy/first/pause').needs_groups, undefined, 'only the first steps wait for the groups');
  const instanceSteps = steps.filter((s) => s.target !== undefined);
  for (const s of instanceSteps) for (const p of post) assert.not.ok(precedes(steps, p.id, s.id));
  assert.ok(precedes(steps, 'dc/post_deploy/first/call', 'dc/post_deploy/last/send'));
});

test('a diskless array uses the built-in iSCSI mechanism', async () => {
  const plan = await planOf(`
infrastructure farm {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  network san { kind = "san" }
  instance_array node {
    server_type = "M.40.256.4"
    boot        = "pxe_iscsi"
    template    = std.os.rocky_9
    port 0 { network = wan }
    port 1 { network = san }
  }
  instance_array disk {
    server_type = "M.40.256.4"
    template    = std.os.rocky_9
    port 0 { network = wan }
  }
}`);
  const node = plan.infrastructures.farm?.arrays.node;
  assert.equal(node?.template, {
    kind: 'builtin',
    name: 'std.os.rocky_9',
    installer: 'kickstart',
    mechanism: 'iscsi_root',
    diskless: true,
    ready: { method: 'ssh', port: 22, timeout_ms: 1_500_000 },
  });
  assert.is(node?.boot, 'pxe_iscsi');
  assert.equal(step(plan.steps, 'farm/node[0]/prepare_boot').args.boot, { lit: 'pxe_iscsi' });
  assert.equal(step(plan.steps, 'farm/node[0]/finalize').args.boot, { lit: 'pxe_iscsi' });
  const disk = plan.infrastructures.farm?.arrays.disk?.template;
  assert.equal([disk?.mechanism, disk?.diskless], ['local_install', false]);
});

test('a custom template: its assets, and its own steps after the default sequence', async () => {
  const plan = await planOf(
    `
os_template hardened {
  base = std.os.ubuntu_2404
  asset motd {
    path    = "/ks/motd"
    content = file("./motd.txt")
  }
  ready = std.ready.callback(timeout = 30m)
  step one = std.ssh.exec(instance, "echo \${instance.hostname}")
  step two = std.ssh.exec(instance, "true") { after = [] }
  step three = std.ssh.exec(instance, one.stdout)
}
infrastructure dc {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array box {
    server_type = "M.8.32.2"
    count       = 2
    template    = hardened
    port 0 { network = wan }
  }
}`,
    [],
    { 'motd.txt': 'managed by mbp\n' },
  );
  const t = plan.infrastructures.dc?.arrays.box?.template;
  assert.is(t?.kind, 'custom');
  if (t?.kind !== 'custom') return;
  assert.equal(t.steps, ['one', 'two', 'three']);
  assert.equal(t.assets.motd, { path: '/ks/motd', content: { lit: 'managed by mbp\n' }, mode: '0644' });
  assert.equal(t.ready, { method: 'callback', timeout_ms: 1_800_000 });
  for (const i of [0, 1]) {
    const p = `dc/box[${i}]`;
    for (const name of ['one', 'two', 'three']) assert.ok(precedes(plan.steps, `${p}/wait_ready`, `${p}/template/${name}`));
    assert.equal(step(plan.steps, `${p}/template/two`).needs, [`${p}/wait_ready`], '`after = []` waits only for the install');
    assert.equal(step(plan.steps, `${p}/template/three`).args.command, { step_output: [`${p}/template/one`, 'stdout'] });
    assert.equal(step(plan.steps, `${p}/wait_ready`).args.ready, { lit: { method: 'callback', timeout_ms: 1_800_000 } });
  }
});

test('an empty infrastructure: its subnet and its hooks, no VLANs and no servers', async () => {
  const plan = await planOf(`
infrastructure shared {
  datacenter = "dc-east"
  on pre_deploy  run probe(tag = "reserve")
  on post_deploy run report(code = 1)
}
${WORKFLOWS}`);
  const kinds = plan.steps.map((s) => s.kind);
  assert.equal(plan.steps.map((s) => s.id), ['shared/subnets', 'shared/pre_deploy/probe/call', 'shared/pre_deploy/probe/pause', 'shared/post_deploy/report/send']);
  for (const k of ['mbp.network.allocate_vlans', 'mbp.instance.bind', 'std.provision.configure_ports']) assert.not.ok(kinds.includes(k));
  assert.is(plan.infrastructures.shared?.empty, true);
  assert.equal(plan.infrastructures.shared?.arrays, {});
  assert.ok(precedes(plan.steps, 'shared/pre_deploy/probe/pause', 'shared/post_deploy/report/send'));
  assert.equal(plan.destroy.steps.map((s) => s.id), ['shared/release_subnets']);
});

test('default subnets: wan and san networks without a subnet get one, lan none; no network at all: a WAN one', async () => {
  const plan = await planOf(`
infrastructure nets {
  datacenter = "dc-east"
  network wan  { kind = "wan" }
  network san  { kind = "san" }
  network lan  { kind = "lan" }
  network wan2 { kind = "wan" }
  subnet own { network = wan2, prefix = 28 }
}
infrastructure bare {
  datacenter = "dc-east"
}`);
  const nets = plan.infrastructures.nets?.networks;
  assert.equal(nets?.wan, { kind: 'wan', subnets: { wan: { family: 'ipv4', default: true } } });
  assert.equal(nets?.san, { kind: 'san', subnets: { san: { family: 'ipv4', default: true } } });
  assert.equal(nets?.lan, { kind: 'lan', subnets: {} });
  assert.equal(nets?.wan2, { kind: 'wan', subnets: { own: { family: 'ipv4', prefix: 28 } } });
  assert.equal(plan.infrastructures.bare?.networks, { wan: { kind: 'wan', implicit: true, subnets: { wan: { family: 'ipv4', default: true } } } });
  assert.equal(step(plan.steps, 'bare/subnets').args.subnets, { lit: ['wan'] });
  assert.equal(step(plan.steps, 'nets/subnets').args.subnets, { lit: ['own', 'san', 'wan'] });
});

test('pre_destroy and deprovision are in the destroy DAG, which ends with the releases', async () => {
  const plan = await planOf(`
infrastructure dc {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array web {
    server_type = "M.8.32.2"
    count       = 2
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
    on deprovision run drain(node = instance)
  }
  on pre_destroy run bye = probe(tag = "bye")
}
workflow drain(node: instance) {
  step cordon = std.ssh.exec(node, "kubectl cordon \${node.hostname}")
}
${WORKFLOWS}`);
  const deployPhases = new Set(plan.steps.map((s) => s.phase));
  assert.not.ok(deployPhases.has('pre_destroy') || deployPhases.has('deprovision'));
  const d = plan.destroy.steps;
  assert.equal(
    d.map((s) => s.id),
    [
      'dc/pre_destroy/bye/call',
      'dc/pre_destroy/bye/pause',
      'dc/web[0]/deprovision/drain/cordon',
      'dc/web[0]/release',
      'dc/web[1]/deprovision/drain/cordon',
      'dc/web[1]/release',
      'dc/release_vlans',
      'dc/release_subnets',
    ],
  );
  assert.ok(precedes(d, 'dc/pre_destroy/bye/pause', 'dc/web[1]/deprovision/drain/cordon'));
  assert.equal(step(d, 'dc/web[1]/release').needs, ['dc/web[1]/deprovision/drain/cordon']);
  assert.equal(step(d, 'dc/release_subnets').needs, ['dc/web[0]/release', 'dc/web[1]/release']);
  assert.equal(step(d, 'dc/web[0]/deprovision/drain/cordon').phase, 'deprovision');
  assert.equal(step(d, 'dc/web[0]/deprovision/drain/cordon').target, { array: 'web', index: 0 });
});

test.run();
