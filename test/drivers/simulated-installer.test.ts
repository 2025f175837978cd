import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { DEFAULT_DURATIONS as D, type BootConfig } from '../../runtime/drivers/index.ts';
import { live, tempDatacenter, type TempDatacenter } from './sim-fixture.ts';

const test = suite<{ clock: ManualClock; sim: TempDatacenter }>('simulated installer');
const MAC = '52:54:00:00:00:01';
const srv1 = { serverId: 'srv-1' };

test.before.each(async (ctx) => {
  ctx.clock = new ManualClock(1_000_000);
  ctx.sim = await tempDatacenter({ clock: ctx.clock, speed: 1 });
});
test.after.each(async (ctx) => {
  await ctx.sim.dispose();
});

const installConfig = (image: string): BootConfig => ({ mac: MAC, format: 'ipxe', action: 'install', image, content: `#!ipxe\nchain http://assets/${image}/boot.ipxe\n` });

test('local install: power_off → prepare_boot → power_on → install_os → finalize → wait_ready', async ({ clock, sim }) => {
  const { dc } = sim;
  const run = <T>(p: Promise<T>): Promise<T> => clock.runUntil(p);

  await run(dc.bmc.powerOff(srv1, live()));
  await run(dc.boot.writeBootConfig(installConfig('ubuntu-24.04'), live()));
  await run(dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: true }, live()));

  let t0 = clock.now();
  await run(dc.bmc.powerOn(srv1, live()));
  assert.is(clock.now() - t0, D.bmc_call + D.power_on);
  assert.is(dc.state.servers['srv-1']!.phase, 'post');

  const completion = await run(dc.boot.waitInstallComplete(MAC, live()));
  assert.equal(completion, { mac: MAC, action: 'install', image: 'ubuntu-24.04', ok: true });
  assert.is(clock.now() - t0, D.bmc_call + D.power_on + D.post + D.pxe_load + D.pxe_install);
  let server = dc.snapshot().servers['srv-1']!;
  assert.is(server.phase, 'install_complete');
  assert.is(server.installed_image, 'ubuntu-24.04');
  assert.is(server.counters.installs, 1);
  assert.is(server.disk_wiped, false);

  // finalize: netboot off, boot from disk.
  await run(dc.bmc.setBootDevice(srv1, { device: 'disk', persistent: true }, live()));
  await run(dc.boot.removeBootConfig(MAC, live()));
  t0 = clock.now();
  await run(dc.bmc.powerCycle(srv1, live()));
  const ready = await run(dc.waitReady('srv-1', live()));
  assert.equal(ready, { serverId: 'srv-1', image: 'ubuntu-24.04', bootedFrom: 'disk' });
  assert.is(clock.now() - t0, D.bmc_call + D.power_cycle + D.post + D.os_boot);

  // A later reboot never reinstalls.
  await run(dc.bmc.powerCycle(srv1, live()));
  await run(dc.waitReady('srv-1', live()));
  server = dc.snapshot().servers['srv-1']!;
  assert.equal(server.counters, { power_ons: 1, power_offs: 0, power_cycles: 2, installs: 1, disk_wipes: 0, boot_device_changes: 2 });
  assert.is(server.phase, 'ready');
});

test('skipping finalize reinstalls on the next boot', async ({ clock, sim }) => {
  const { dc } = sim;
  await clock.runUntil(dc.boot.writeBootConfig(installConfig('ubuntu-24.04'), live()));
  await clock.runUntil(dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: true }, live()));
  await clock.runUntil(dc.bmc.powerOn(srv1, live()));
  await clock.runUntil(dc.boot.waitInstallComplete(MAC, live()));
  await clock.runUntil(dc.boot.writeBootConfig(installConfig('rocky-9'), live()));
  await clock.runUntil(dc.bmc.powerCycle(srv1, live()));
  const second = await clock.runUntil(dc.boot.waitInstallComplete(MAC, live()));
  assert.is(second.image, 'rocky-9');
  assert.is(dc.state.servers['srv-1']!.counters.installs, 2);
  assert.is(dc.state.servers['srv-1']!.installed_image, 'rocky-9');
});

test('diskless: the iSCSI volume is created from the image and the server boots from it', async ({ clock, sim }) => {
  const { dc } = sim;
  const srv2 = { serverId: 'srv-2' };
  await clock.runUntil(dc.bmc.powerOff(srv2, live()));
  const t0 = clock.now();
  const target = await clock.runUntil(dc.boot.createIscsiTarget({ name: 'edge-worker-0', image: 'rocky-9', serverId: 'srv-2' }, live()));
  assert.is(clock.now() - t0, D.iscsi_create);
  await clock.runUntil(dc.bmc.setBootDevice(srv2, { device: 'iscsi', persistent: true }, live()));
  await clock.runUntil(dc.bmc.powerOn(srv2, live()));
  const ready = await clock.runUntil(dc.waitReady('srv-2', live()));
  assert.equal(ready, { serverId: 'srv-2', image: 'rocky-9', bootedFrom: 'iscsi' });
  const server = dc.snapshot().servers['srv-2']!;
  assert.is(server.installed_image, null);
  assert.is(server.counters.installs, 0);
  assert.is(server.running_image, 'rocky-9');
  // A running root volume cannot be deleted; once the server is off it can.
  let refused = false;
  await dc.boot.deleteIscsiTarget(target.name, live()).catch(() => (refused = true));
  assert.ok(refused);
  await clock.runUntil(dc.bmc.powerOff(srv2, live()));
  await clock.runUntil(dc.boot.deleteIscsiTarget(target.name, live()));
  assert.is(dc.state.iscsi_targets[target.name], undefined);
});

test('diskless through an iPXE sanboot config keeps booting from the network', async ({ clock, sim }) => {
  const { dc } = sim;
  const target = await clock.runUntil(dc.boot.createIscsiTarget({ name: 'vol-1', image: 'rocky-9', serverId: 'srv-1' }, live()));
  await clock.runUntil(
    dc.boot.writeBootConfig({ mac: MAC, format: 'ipxe', action: 'sanboot', image: 'rocky-9', iscsiIqn: target.iqn, content: `#!ipxe\nsanboot iscsi:192.0.2.1::::${target.iqn}\n` }, live()),
  );
  await clock.runUntil(dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: true }, live()));
  await clock.runUntil(dc.bmc.powerOn(srv1, live()));
  assert.is((await clock.runUntil(dc.waitReady('srv-1', live()))).bootedFrom, 'iscsi');
  await clock.runUntil(dc.bmc.powerCycle(srv1, live()));
  assert.is((await clock.runUntil(dc.waitReady('srv-1', live()))).bootedFrom, 'iscsi');
  assert.is(dc.state.servers['srv-1']!.counters.installs, 0);
});

test('a sanboot config naming another server\'s volume does not boot', async ({ clock, sim }) => {
  const { dc } = sim;
  const target = await clock.runUntil(dc.boot.createIscsiTarget({ name: 'vol-2', image: 'rocky-9', serverId: 'srv-2' }, live()));
  await clock.runUntil(dc.boot.writeBootConfig({ mac: MAC, format: 'ipxe', action: 'sanboot', image: 'rocky-9', iscsiIqn: target.iqn, content: '' }, live()));
  await clock.runUntil(dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: true }, live()));
  await clock.runUntil(dc.bmc.powerOn(srv1, live()));
  await clock.advance(D.post + D.pxe_load + 1);
  assert.is(dc.state.servers['srv-1']!.phase, 'no_bootable_device');
});

test('no config and an empty disk: nothing boots and readiness never comes', async ({ clock, sim }) => {
  const { dc } = sim;
  await clock.runUntil(dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: false }, live()));
  await clock.runUntil(dc.bmc.powerOn(srv1, live()));
  const watchdog = new AbortController();
  const waiting = dc.waitReady('srv-1', watchdog.signal);
  let settled = false;
  waiting.then(() => (settled = true), () => (settled = true));
  await clock.advance(D.post + D.pxe_timeout + D.os_boot + 60_000);
  assert.is(dc.state.servers['srv-1']!.phase, 'no_bootable_device');
  assert.is(settled, false);
  assert.equal(dc.state.servers['srv-1']!.boot_device, 'disk', 'the one-time override is consumed');
  watchdog.abort();
  await waiting.catch(() => undefined);
});

test('wipe (cleaning): the wiper erases the disk and signals completion', async ({ clock, sim }) => {
  const { dc } = sim;
  await clock.runUntil(dc.boot.writeBootConfig(installConfig('ubuntu-24.04'), live()));
  await clock.runUntil(dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: false }, live()));
  await clock.runUntil(dc.bmc.powerOn(srv1, live()));
  await clock.runUntil(dc.boot.waitInstallComplete(MAC, live()));
  await clock.runUntil(dc.boot.writeBootConfig({ mac: MAC, format: 'ipxe', action: 'wipe', image: '', content: '' }, live()));
  await clock.runUntil(dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: false }, live()));
  const t0 = clock.now();
  await clock.runUntil(dc.bmc.powerCycle(srv1, live()));
  const done = await clock.runUntil(dc.boot.waitInstallComplete(MAC, live()));
  assert.is(done.action, 'wipe');
  assert.is(clock.now() - t0, D.bmc_call + D.power_cycle + D.post + D.pxe_load + D.disk_wipe);
  const server = dc.snapshot().servers['srv-1']!;
  assert.is(server.installed_image, null);
  assert.is(server.disk_wiped, true);
  assert.is(server.counters.disk_wipes, 1);
});

test('powering off mid-install stops the installer', async ({ clock, sim }) => {
  const { dc } = sim;
  await clock.runUntil(dc.boot.writeBootConfig(installConfig('ubuntu-24.04'), live()));
  await clock.runUntil(dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: true }, live()));
  await clock.runUntil(dc.bmc.powerOn(srv1, live()));
  await clock.advance(D.post + D.pxe_load + 60_000);
  assert.is(dc.state.servers['srv-1']!.phase, 'installing');
  await clock.runUntil(dc.bmc.powerOff(srv1, live()));
  await clock.advance(D.pxe_install * 2);
  const server = dc.snapshot().servers['srv-1']!;
  assert.is(server.phase, 'off');
  assert.is(server.installed_image, null);
  assert.is(server.counters.installs, 0);
  assert.is(dc.state.completions[MAC], undefined);
});

test('an aborted power on changes nothing', async ({ clock, sim }) => {
  const { dc } = sim;
  const controller = new AbortController();
  const call = dc.bmc.powerOn(srv1, controller.signal);
  await clock.advance(D.bmc_call + 1);
  controller.abort();
  let aborted = false;
  await call.catch((e: Error) => (aborted = e.name === 'AbortError'));
  assert.ok(aborted);
  await clock.advance(D.power_on * 2);
  assert.is(dc.state.servers['srv-1']!.power, 'off');
  assert.is(dc.state.servers['srv-1']!.counters.power_ons, 0);
});

test('speed scales every duration', async () => {
  const clock = new ManualClock();
  const sim = await tempDatacenter({ clock, speed: 0.01 });
  try {
    await clock.runUntil(sim.dc.boot.writeBootConfig(installConfig('ubuntu-24.04'), live()));
    await clock.runUntil(sim.dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: true }, live()));
    const t0 = clock.now();
    await clock.runUntil(sim.dc.bmc.powerOn(srv1, live()));
    await clock.runUntil(sim.dc.boot.waitInstallComplete(MAC, live()));
    const expected = [D.bmc_call, D.power_on, D.post, D.pxe_load, D.pxe_install].reduce((a, ms) => a + Math.round(ms * 0.01), 0);
    assert.is(clock.now() - t0, expected);
  } finally {
    await sim.dispose();
  }
});

test.run();
