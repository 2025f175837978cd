import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { DEFAULT_DURATIONS as D } from '../../runtime/drivers/index.ts';
import { sshFingerprint, StepError } from '../../runtime/steps/index.ts';
import { TEMPLATE_VARIABLES } from '../../stdlib/index.ts';
import { countingKeys, instanceOn, openSim, Runner, type Sim } from './helpers.ts';

/*
 * Each std.provision handler against the simulated datacenter (speed 0:
 * no time passes), checked on the hardware-state file it leaves behind.
 */

const test = suite<{ sim: Sim }>('provision handlers');
test.before.each(async (ctx) => {
  ctx.sim = await openSim({ keys: countingKeys() });
});
test.after.each(async (ctx) => {
  await ctx.sim.dispose();
});

test('configure_ports: the attached port joins its VLAN and comes up, every other port is shut', async ({ sim }) => {
  const instance = await instanceOn({ vlan: 230 });
  // Port 1 starts in someone else's VLAN, up: it must leave it and go down.
  await sim.dc.switch.setPortVlans({ switchId: 'leaf-1', port: 'Ethernet2' }, { untagged: 77, tagged: [78] }, new AbortController().signal);
  const run = new Runner(sim.runtime, instance);
  const out = await run.step('std.provision.configure_ports');
  assert.equal(out, { attached: [0], shut: [1] });
  const ports = (await sim.stateFile()).switches['leaf-1']!.ports;
  assert.equal(ports.Ethernet1, { admin_up: true, untagged_vlan: 230, tagged_vlans: [] });
  assert.equal(ports.Ethernet2, { admin_up: false, untagged_vlan: null, tagged_vlans: [] });
  // Another server's ports are not touched.
  assert.equal(ports.Ethernet3, { admin_up: true, untagged_vlan: 1, tagged_vlans: [] });
});

test('configure_ports sets state rather than toggling: a second run changes nothing on the switch', async ({ sim }) => {
  const instance = await instanceOn();
  const calls: string[] = [];
  const sw = sim.runtime.switch;
  const counting = {
    ...sim.runtime,
    switch: {
      setPortVlans: (...a: Parameters<typeof sw.setPortVlans>) => (calls.push('vlans'), sw.setPortVlans(...a)),
      setPortAdmin: (...a: Parameters<typeof sw.setPortAdmin>) => (calls.push('admin'), sw.setPortAdmin(...a)),
      getPortState: (...a: Parameters<typeof sw.getPortState>) => sw.getPortState(...a),
    },
  };
  const run = new Runner(counting, instance);
  await run.step('std.provision.configure_ports');
  assert.ok(calls.length > 0, 'the first run changes the ports');
  const before = (await sim.stateFile()).switches;
  calls.length = 0;
  await run.step('std.provision.configure_ports');
  assert.equal(calls, []);
  assert.equal((await sim.stateFile()).switches, before);
});

test('configure_ports refuses a port the server does not have, naming the NICs it has', async ({ sim }) => {
  const instance = await instanceOn();
  const run = new Runner(sim.runtime, instance);
  try {
    await run.step('std.provision.configure_ports', { ports: [{ index: 5, network: 'wan' }] });
    assert.unreachable('port 5 does not exist');
  } catch (error) {
    assert.instance(error, StepError);
    assert.match((error as Error).message, /has no NIC 5 \(it has 0, 1\)/);
    assert.is((error as StepError).retryable, false);
  }
});

test('assign_ips: the first address of each family, and every address', async ({ sim }) => {
  const instance = await instanceOn({ server: 2 });
  const out = await new Runner(sim.runtime, instance).step('std.provision.assign_ips');
  assert.equal(out, { ipv4: '10.0.0.12', ipv6: '2001:db8::12', addresses: ['10.0.0.12', '2001:db8::12'] });
});

test('power_off: a running server goes off once; off already is a no-op', async ({ sim }) => {
  const instance = await instanceOn();
  await sim.dc.bmc.powerOn(instance.bmc, new AbortController().signal);
  const run = new Runner(sim.runtime, instance);
  assert.equal(await run.step('std.provision.power_off'), { was_on: true });
  assert.equal(await run.step('std.provision.power_off'), { was_on: false });
  const server = (await sim.stateFile()).servers['srv-1']!;
  assert.is(server.power, 'off');
  assert.is(server.counters.power_offs, 1);
});

test('prepare_boot (local install): an iPXE install config per MAC, installer files rendered with every template variable', async ({ sim }) => {
  const instance = await instanceOn();
  const run = new Runner(sim.runtime, instance);
  const out = await run.step('std.provision.prepare_boot');
  const hostKey = out.host_key_public as string;
  assert.match(hostKey, /^ssh-ed25519 AAAA\S+ root@web-0$/);
  assert.is(out.host_key_fingerprint, sshFingerprint(hostKey));
  assert.is(out.method, 'local_drives');

  const state = await sim.stateFile();
  for (const mac of ['52:54:00:00:01:00', '52:54:00:00:01:01']) {
    const config = state.boot_configs[mac]!;
    assert.is(config.action, 'install');
    assert.is(config.image, 'ubuntu/24.04/noble-server-cloudimg-amd64.img');
    assert.ok(config.content.includes('kernel https://assets.example/repo/ubuntu/24.04/vmlinuz'), config.content);
    assert.ok(config.content.includes('ds=nocloud-net;s=http://mbp.invalid:8080/configs/i-000001/'), config.content);
    // A boot config lands in the netboot service's files: no secret in it.
    assert.not.ok(config.content.includes('PRIVATE'), 'no private key in the boot config');
  }

  const files = sim.configs.filesOf('i-000001')!;
  assert.equal(Object.keys(files).sort(), ['meta-data', 'user-data']);
  const userData = files['user-data']!;
  assert.ok(userData.includes('hostname: web-0'), userData);
  assert.ok(userData.includes(hostKey), 'the public host key');
  assert.ok(userData.includes(Buffer.from(run.secrets[0]!).toString('base64')), 'the private key, Base64');
  assert.match(userData, /ssh_authorized_keys: \["ssh-ed25519 \S+/);
  assert.ok(userData.includes('http://mbp.invalid:8080/callback/i-000001?token=token-1-'), userData);
  assert.not.ok(userData.includes('${'), `every variable filled in:\n${userData}`);
  // The private key and the token are handed to the run's masking.
  assert.is(run.secrets.length, 2);
  assert.ok(run.secrets[0]!.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----'));
});

test('the template variables are exactly the documented ones', async ({ sim }) => {
  const { templateVariables } = await import('../../runtime/steps/index.ts');
  const instance = await instanceOn();
  const vars = templateVariables(instance, {
    hostKey: sim.runtime.keys.hostKeyPair('x'),
    accessKeyPublic: 'ssh-ed25519 AAAA access',
    callbackUrl: 'http://cb',
    callbackToken: 't',
  });
  assert.equal(Object.keys(vars).sort(), TEMPLATE_VARIABLES.map((v) => v.name).sort());
  assert.is(vars.ipv4_cidr, '10.0.0.11/24');
  assert.is(vars.ipv6_gateway, '2001:db8::1');
  assert.is(vars.iscsi_target, '', 'not diskless: empty');
  assert.is(vars.mac_address, '52:54:00:00:01:00');
});

test('prepare_boot (diskless): the iSCSI volume is cloned from the image and every MAC gets a sanboot config', async ({ sim }) => {
  const instance = await instanceOn({ boot: 'pxe_iscsi', template: 'std.os.rocky_9' });
  const out = await new Runner(sim.runtime, instance).step('std.provision.prepare_boot');
  const state = await sim.stateFile();
  const volume = state.iscsi_targets['mbp-i-000001']!;
  assert.is(volume.image, 'rocky/9/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2');
  assert.is(volume.server_id, 'srv-1');
  assert.is(out.target, volume.iqn);
  const config = state.boot_configs['52:54:00:00:01:00']!;
  assert.is(config.action, 'sanboot');
  assert.is(config.iscsi_iqn, volume.iqn);
  assert.ok(config.content.includes(`sanboot iscsi:192.0.2.1::3260:0:${volume.iqn}`), config.content);
  assert.ok(sim.configs.filesOf('i-000001')!['ks.cfg']!.includes('--ip=10.0.0.11 --gateway=10.0.0.1 --hostname=web-0'));
});

test('prepare_boot refuses a plan whose template disagrees with the resolution', async ({ sim }) => {
  const instance = await instanceOn();
  try {
    await new Runner(sim.runtime, instance).step('std.provision.prepare_boot', { template: 'std.os.debian_12' });
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /the plan says template `std.os.debian_12` but the instance was resolved with `std.os.ubuntu_2404`; plan again/);
  }
});

test('power_on: persistent network boot, then power on; already on stays on', async ({ sim }) => {
  const instance = await instanceOn();
  const run = new Runner(sim.runtime, instance);
  await run.sequence(['std.provision.power_off', 'std.provision.prepare_boot']);
  assert.equal(await run.step('std.provision.power_on'), { boot_device: 'pxe' });
  let server = (await sim.stateFile()).servers['srv-1']!;
  assert.is(server.power, 'on');
  assert.is(server.boot_device, 'pxe');
  assert.is(server.boot_persistent, true);
  assert.equal([server.counters.power_ons, server.counters.boot_device_changes], [1, 1]);
  await run.step('std.provision.power_on');
  server = (await sim.stateFile()).servers['srv-1']!;
  assert.equal([server.counters.power_ons, server.counters.power_cycles, server.counters.boot_device_changes], [1, 0, 1]);
});

test('install_os waits for the installer (600 s at speed 1) and outputs the image and the host key', async () => {
  const clock = new ManualClock(0);
  const sim = await openSim({ clock, speed: 1, keys: countingKeys() });
  try {
    const instance = await instanceOn();
    const run = new Runner(sim.runtime, instance, clock);
    await run.sequence(['std.provision.power_off', 'std.provision.prepare_boot', 'std.provision.power_on']);
    const t0 = clock.now();
    const out = await run.step('std.provision.install_os');
    assert.ok(clock.now() - t0 >= D.pxe_install, `waited ${clock.now() - t0} ms`);
    const hostKey = run.outputs.get('std.provision.prepare_boot')!.host_key_public as string;
    assert.equal(out, {
      image: 'ubuntu/24.04/noble-server-cloudimg-amd64.img',
      sha256: instance.template.image.sha256,
      host_key_fingerprint: sshFingerprint(hostKey),
      host_key_public: hostKey,
    });
    const server = (await sim.stateFile()).servers['srv-1']!;
    assert.is(server.phase, 'install_complete');
    assert.is(server.installed_image, 'ubuntu/24.04/noble-server-cloudimg-amd64.img');
    assert.is(server.counters.installs, 1);
  } finally {
    await sim.dispose();
  }
});

test('install_os without an earlier prepare_boot says what is missing', async ({ sim }) => {
  const instance = await instanceOn();
  try {
    await new Runner(sim.runtime, instance).step('std.provision.install_os');
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /needs the host key that prepare_boot generates for web-0/);
  }
});

test('install_os: a hung installer never signals; the caller\'s watchdog ends the wait', async () => {
  const clock = new ManualClock(0);
  const sim = await openSim({ clock, speed: 1, faults: { installTimeout: 1 } });
  try {
    const instance = await instanceOn();
    const run = new Runner(sim.runtime, instance, clock);
    await run.sequence(['std.provision.power_off', 'std.provision.prepare_boot', 'std.provision.power_on']);
    const watchdog = new AbortController();
    const waiting = run.start('std.provision.install_os', {}, watchdog.signal).then(
      () => 'done',
      (e: Error) => e.name,
    );
    await clock.advance(3 * 3_600_000);
    assert.is(sim.dc.state.servers['srv-1']!.phase, 'install_hung');
    watchdog.abort(new DOMException('timed out', 'TimeoutError'));
    assert.is(await waiting, 'TimeoutError');
  } finally {
    await sim.dispose();
  }
});

test('finalize: boots from disk for good, install configs gone, one power cycle into the OS', async ({ sim }) => {
  const instance = await instanceOn();
  const run = new Runner(sim.runtime, instance);
  await run.sequence(['std.provision.power_off', 'std.provision.prepare_boot', 'std.provision.power_on', 'std.provision.install_os']);
  assert.equal(await run.step('std.provision.finalize'), { boot_device: 'disk' });
  const state = await sim.stateFile();
  const server = state.servers['srv-1']!;
  assert.equal([server.boot_device, server.boot_persistent, server.boot_default], ['disk', true, 'disk']);
  assert.is(server.counters.power_cycles, 1);
  assert.is(server.phase, 'ready');
  assert.is(server.running_image, 'ubuntu/24.04/noble-server-cloudimg-amd64.img');
  assert.equal(state.boot_configs, {});
});

test('wait_ready: answers once the OS is up, then the installer files are no longer served', async ({ sim }) => {
  const instance = await instanceOn();
  const run = new Runner(sim.runtime, instance);
  await run.sequence(['std.provision.power_off', 'std.provision.prepare_boot', 'std.provision.power_on', 'std.provision.install_os', 'std.provision.finalize']);
  assert.ok(sim.configs.filesOf('i-000001'));
  const out = await run.step('std.provision.wait_ready');
  assert.equal(out, { method: 'ssh', elapsed: 0 });
  assert.is(sim.configs.filesOf('i-000001'), undefined);
});

test('wait_ready: an OS that never answers fails when the template\'s watchdog runs out', async () => {
  const clock = new ManualClock(0);
  const sim = await openSim({ clock, speed: 1, faults: { lostReadiness: 1 } });
  try {
    const instance = await instanceOn();
    const run = new Runner(sim.runtime, instance, clock);
    await run.sequence(['std.provision.power_off', 'std.provision.prepare_boot', 'std.provision.power_on', 'std.provision.install_os', 'std.provision.finalize']);
    const t0 = clock.now();
    try {
      await run.step('std.provision.wait_ready');
      assert.unreachable('the OS never answers');
    } catch (error) {
      assert.instance(error, StepError);
      assert.match((error as Error).message, /web-0 \(srv-1\) did not answer by SSH on port 22 within 20m; check the server's console/);
    }
    assert.is(clock.now() - t0, 20 * 60_000);
    assert.is(sim.dc.state.servers['srv-1']!.phase, 'unresponsive');
  } finally {
    await sim.dispose();
  }
});

test('std.wait.duration sleeps on the runtime clock', async () => {
  const clock = new ManualClock(5_000);
  const sim = await openSim({ clock });
  try {
    const run = new Runner(sim.runtime, await instanceOn(), clock);
    assert.equal(await run.step('std.wait.duration', { duration: 90_000 }), { elapsed: 90_000 });
    assert.is(clock.now(), 95_000);
  } finally {
    await sim.dispose();
  }
});

test.run();
