import fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { HardwareState } from '../../runtime/drivers/index.ts';
import { live, tempDatacenter } from './sim-fixture.ts';

// A real BMC, switch or netboot server keeps what a call did when the caller
// dies; the simulator must too. The runtime journals a step as done as soon
// as its driver calls return, so a call that returned before its change
// reached the state file let a SIGKILL lose a power-on the journal recorded:
// the resume then waited forever for an install that never started
// (test/crash/apply-crash.test.ts, seed 2012899098). Each call is checked by
// reading the file right after it returns, without `flush()`. `durableCalls`
// is what `mbp apply` opens the datacenter with (runtime/apply/hardware.ts).

const read = (file: string): HardwareState => JSON.parse(fs.readFileSync(file, 'utf8')) as HardwareState;
const MAC1 = '52:54:00:00:00:01';
const srv1 = { serverId: 'srv-1' };
const port1 = { switchId: 'leaf-1', port: 'Ethernet1' };

test('every change a driver call makes is in the state file when the call returns', async () => {
  // A long write interval: a change left to the background writer would be missing for a second.
  const sim = await tempDatacenter({ speed: 0, writeIntervalMs: 1000, durableCalls: true });
  try {
    const { dc } = sim;
    await dc.boot.writeBootConfig({ mac: MAC1, format: 'pxe', action: 'install', image: 'ubuntu-24.04', content: 'DEFAULT install' }, live());
    assert.is(read(sim.statePath).boot_configs[MAC1]?.action, 'install', 'boot config');
    await dc.bmc.setBootDevice(srv1, { device: 'pxe', persistent: true }, live());
    assert.is(read(sim.statePath).servers['srv-1']?.boot_device, 'pxe', 'boot device');
    await dc.bmc.powerOn(srv1, live());
    assert.is(read(sim.statePath).servers['srv-1']?.power, 'on', 'power on');
    const done = await dc.boot.waitInstallComplete(MAC1, live());
    assert.is(done.action, 'install');
    assert.is(read(sim.statePath).completions[MAC1]?.action, 'install', 'the completion reported is on disk');
    await dc.bmc.setBootDevice(srv1, { device: 'disk', persistent: true }, live());
    await dc.bmc.powerCycle(srv1, live());
    await dc.waitReady('srv-1', live());
    assert.is(read(sim.statePath).servers['srv-1']?.phase, 'ready', 'the readiness reported is on disk');
    await dc.boot.removeBootConfig(MAC1, live());
    assert.is(read(sim.statePath).boot_configs[MAC1], undefined, 'boot config removed');
    await dc.switch.setPortVlans(port1, { untagged: 101, tagged: [] }, live());
    assert.is(read(sim.statePath).switches['leaf-1']?.ports['Ethernet1']?.untagged_vlan, 101, 'VLAN');
    await dc.switch.setPortAdmin(port1, false, live());
    assert.is(read(sim.statePath).switches['leaf-1']?.ports['Ethernet1']?.admin_up, false, 'port down');
    await dc.boot.createIscsiTarget({ name: 'vol-1', image: 'rocky-9', serverId: 'srv-2' }, live());
    assert.ok(read(sim.statePath).iscsi_targets['vol-1'], 'volume created');
    await dc.boot.deleteIscsiTarget('vol-1', live());
    assert.is(read(sim.statePath).iscsi_targets['vol-1'], undefined, 'volume deleted');
    await dc.bmc.powerOff(srv1, live());
    assert.is(read(sim.statePath).servers['srv-1']?.power, 'off', 'power off');
  } finally {
    await sim.dispose();
  }
});

test('calls in a burst still share writes', async () => {
  const sim = await tempDatacenter({ speed: 0, writeIntervalMs: 1000, durableCalls: true });
  try {
    const { dc } = sim;
    const before = read(sim.statePath).serial;
    await Promise.all(['Ethernet1', 'Ethernet2', 'Ethernet3'].map((port) => dc.switch.setPortAdmin({ switchId: 'leaf-1', port }, false, live())));
    const after = read(sim.statePath);
    assert.ok(Object.values(after.switches['leaf-1']!.ports).every((p) => !p.admin_up));
    // `serial` counts writes: three concurrent calls, one write.
    assert.is(after.serial, before + 1);
  } finally {
    await sim.dispose();
  }
});

test('negative control: without durableCalls a change can still be missing from the file when the call returns', async () => {
  const sim = await tempDatacenter({ speed: 0, writeIntervalMs: 1000 });
  try {
    await sim.dc.bmc.powerOn(srv1, live());
    assert.is(read(sim.statePath).servers['srv-1']?.power, 'off', 'the check above would catch a lagging file');
  } finally {
    await sim.dispose();
  }
});

test.run();
