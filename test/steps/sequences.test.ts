import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { countingKeys, DEFAULT_SEQUENCE, instanceOn, openSim, Runner, type Sim } from './helpers.ts';

/*
 * The whole default sequence for one instance, local install and diskless,
 * then the release the destroy DAG runs; and re-running every step of a
 * provisioned instance, which must leave the hardware as it is.
 */

const test = suite<{ sim: Sim; clock: ManualClock }>('default sequence and release');
test.before.each(async (ctx) => {
  ctx.clock = new ManualClock(0);
  // Real durations on a virtual clock: the order of boots and waits is the simulator's.
  ctx.sim = await openSim({ clock: ctx.clock, speed: 1, keys: countingKeys() });
});
test.after.each(async (ctx) => {
  await ctx.sim.dispose();
});

const UBUNTU = 'ubuntu/24.04/noble-server-cloudimg-amd64.img';
const ROCKY = 'rocky/9/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2';

test('local install: configure_ports … wait_ready leaves the server running its OS from disk', async ({ sim, clock }) => {
  const instance = await instanceOn();
  const run = new Runner(sim.runtime, instance, clock);
  await run.sequence();
  const state = await sim.stateFile();
  const server = state.servers['srv-1']!;
  assert.equal(
    { power: server.power, phase: server.phase, device: server.boot_device, persistent: server.boot_persistent, installed: server.installed_image, running: server.running_image, from: server.booted_from },
    { power: 'on', phase: 'ready', device: 'disk', persistent: true, installed: UBUNTU, running: UBUNTU, from: 'disk' },
  );
  assert.equal(server.counters, { power_ons: 1, power_offs: 0, power_cycles: 1, installs: 1, disk_wipes: 0, boot_device_changes: 2 });
  assert.equal(state.switches['leaf-1']!.ports.Ethernet1, { admin_up: true, untagged_vlan: 101, tagged_vlans: [] });
  assert.is(state.switches['leaf-1']!.ports.Ethernet2!.admin_up, false);
  assert.equal(state.boot_configs, {}, 'netboot is off: a reboot never reinstalls');
  assert.equal(state.iscsi_targets, {});
  assert.equal(run.outputs.get('std.provision.wait_ready'), { method: 'ssh', elapsed: 500 + 30_000 + 45_000 - 500 });
});

test('diskless: the volume is cloned, the server sanboots it and keeps booting from the network', async ({ sim, clock }) => {
  const instance = await instanceOn({ server: 2, boot: 'pxe_iscsi', template: 'std.os.rocky_9' });
  const run = new Runner(sim.runtime, instance, clock);
  await run.sequence();
  const state = await sim.stateFile();
  const server = state.servers['srv-2']!;
  assert.equal(
    { power: server.power, phase: server.phase, device: server.boot_device, installed: server.installed_image, running: server.running_image, from: server.booted_from },
    { power: 'on', phase: 'ready', device: 'pxe', installed: null, running: ROCKY, from: 'iscsi' },
  );
  assert.equal(server.counters, { power_ons: 1, power_offs: 0, power_cycles: 0, installs: 0, disk_wipes: 0, boot_device_changes: 1 });
  assert.is(state.iscsi_targets['mbp-i-000002']!.server_id, 'srv-2');
  assert.is(state.boot_configs['52:54:00:00:02:00']!.action, 'sanboot', 'the sanboot config stays');
  assert.equal(run.outputs.get('std.provision.finalize'), { boot_device: 'network' });
  assert.is(run.outputs.get('std.provision.install_os')!.image, ROCKY);
});

for (const boot of ['local_drives', 'pxe_iscsi'] as const) {
  test(`each provisioning step run twice in a row (a resume re-running it) changes no counter and no state (${boot})`, async ({ sim, clock }) => {
    const instance = await instanceOn({ boot, template: 'std.os.rocky_9' });
    const run = new Runner(sim.runtime, instance, clock);
    const hardware = async () => {
      const { servers, switches, boot_configs, iscsi_targets } = await sim.stateFile();
      return { servers, switches, boot_configs, iscsi_targets };
    };
    for (const kind of DEFAULT_SEQUENCE) {
      await run.step(kind);
      // finalize cycles a server whose OS does not answer yet: checked below, once it does.
      if (kind === 'std.provision.finalize') continue;
      const once = await hardware();
      await run.step(kind);
      assert.equal(await hardware(), once, `${kind} run again`);
    }
    const provisioned = await hardware();
    await run.sequence(['std.provision.finalize', 'std.provision.wait_ready']);
    assert.equal(await hardware(), provisioned, 'finalize run again once the OS answers');
  });
}

test('prepare_boot and power_on run again after a crash before the install: the same single install follows', async ({ sim, clock }) => {
  const instance = await instanceOn();
  const run = new Runner(sim.runtime, instance, clock);
  await run.sequence(['std.provision.configure_ports', 'std.provision.assign_ips', 'std.provision.power_off', 'std.provision.prepare_boot', 'std.provision.prepare_boot', 'std.provision.power_on', 'std.provision.power_on']);
  await run.sequence(['std.provision.install_os', 'std.provision.finalize', 'std.provision.wait_ready']);
  const server = (await sim.stateFile()).servers['srv-1']!;
  assert.equal([server.counters.installs, server.counters.power_ons, server.counters.power_cycles], [1, 1, 1]);
  assert.is(server.phase, 'ready');
});

test('release: ports shut, disks wiped, boot config gone, server off and back to disk boot', async ({ sim, clock }) => {
  const instance = await instanceOn();
  const run = new Runner(sim.runtime, instance, clock);
  await run.sequence();
  const out = await run.step('mbp.instance.release');
  assert.equal(out, { was_on: true, ports_shut: [0, 1], volume_deleted: false, wiped: true });
  const state = await sim.stateFile();
  const server = state.servers['srv-1']!;
  assert.equal(
    { power: server.power, wiped: server.disk_wiped, installed: server.installed_image, device: server.boot_device, persistent: server.boot_persistent },
    { power: 'off', wiped: true, installed: null, device: 'disk', persistent: true },
  );
  assert.is(server.counters.disk_wipes, 1);
  for (const port of ['Ethernet1', 'Ethernet2']) assert.equal(state.switches['leaf-1']!.ports[port], { admin_up: false, untagged_vlan: null, tagged_vlans: [] });
  assert.equal(state.boot_configs, {});
});

test('release of a diskless instance deletes its iSCSI volume once the server is off', async ({ sim, clock }) => {
  const instance = await instanceOn({ boot: 'pxe_iscsi', template: 'std.os.rocky_9' });
  const run = new Runner(sim.runtime, instance, clock);
  await run.sequence();
  const out = await run.step('mbp.instance.release');
  assert.is(out.volume_deleted, true);
  const state = await sim.stateFile();
  assert.equal(state.iscsi_targets, {});
  assert.equal(state.boot_configs, {});
  assert.is(state.servers['srv-1']!.power, 'off');
  assert.is(state.servers['srv-1']!.counters.disk_wipes, 1);
  // Releasing again converges: nothing left to delete, the disk is wiped once more.
  const again = await run.step('mbp.instance.release');
  assert.equal([again.was_on, again.volume_deleted], [false, false]);
});

test.run();
