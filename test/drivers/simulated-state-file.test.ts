import fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { SimulatedDatacenter, type HardwareState } from '../../runtime/drivers/index.ts';
import { live, tempDatacenter, TOPOLOGY } from './sim-fixture.ts';

const read = (file: string): HardwareState => JSON.parse(fs.readFileSync(file, 'utf8')) as HardwareState;
const MAC1 = '52:54:00:00:00:01';

test('the file holds servers, ports, boot configs and volumes after a sequence of calls', async () => {
  const sim = await tempDatacenter({ speed: 0 });
  try {
    const { dc } = sim;
    const fresh = read(sim.statePath);
    assert.is(fresh.format_version, '1');
    assert.equal(Object.keys(fresh.servers).sort(), ['srv-1', 'srv-2', 'srv-3']);
    assert.equal(fresh.switches['leaf-1']!.ports['Ethernet3'], { admin_up: true, untagged_vlan: 1, tagged_vlans: [] });

    await dc.bmc.powerOff({ serverId: 'srv-1' }, live());
    await dc.boot.writeBootConfig({ mac: MAC1.toUpperCase(), format: 'pxe', action: 'install', image: 'ubuntu-24.04', content: 'DEFAULT install' }, live());
    await dc.bmc.setBootDevice({ serverId: 'srv-1' }, { device: 'pxe', persistent: true }, live());
    await dc.bmc.powerOn({ serverId: 'srv-1' }, live());
    await dc.boot.waitInstallComplete(MAC1, live());
    await dc.bmc.setBootDevice({ serverId: 'srv-1' }, { device: 'disk', persistent: true }, live());
    await dc.bmc.powerCycle({ serverId: 'srv-1' }, live());
    await dc.waitReady('srv-1', live());
    await dc.boot.createIscsiTarget({ name: 'edge-worker-0', image: 'rocky-9', serverId: 'srv-2' }, live());
    await dc.bmc.insertVirtualMedia({ serverId: 'srv-3' }, 'http://images/rescue.iso', live());
    await dc.switch.setPortVlans({ switchId: 'leaf-1', port: 'Ethernet1' }, { untagged: 101, tagged: [300, 200] }, live());
    await dc.switch.setPortAdmin({ switchId: 'leaf-1', port: 'Ethernet3' }, false, live());
    await dc.flush();

    const state = read(sim.statePath);
    assert.ok(state.serial > fresh.serial);
    assert.equal(state.servers['srv-1'], {
      macs: [MAC1],
      power: 'on',
      phase: 'ready',
      boot_device: 'disk',
      boot_persistent: true,
      boot_default: 'disk',
      installed_image: 'ubuntu-24.04',
      running_image: 'ubuntu-24.04',
      booted_from: 'disk',
      disk_wiped: false,
      virtual_media: null,
      counters: { power_ons: 1, power_offs: 0, power_cycles: 1, installs: 1, disk_wipes: 0, boot_device_changes: 2 },
      faults: { bmc_errors: 0, install_timeouts: 0, lost_readiness: 0 },
    });
    assert.is(state.servers['srv-3']!.virtual_media, 'http://images/rescue.iso');
    assert.equal(state.boot_configs[MAC1], { server_id: 'srv-1', format: 'pxe', action: 'install', image: 'ubuntu-24.04', iscsi_iqn: null, content: 'DEFAULT install' });
    assert.equal(state.completions[MAC1], { action: 'install', image: 'ubuntu-24.04', ok: true, detail: null });
    assert.is(state.iscsi_targets['edge-worker-0']!.server_id, 'srv-2');
    assert.is(state.iscsi_targets['edge-worker-0']!.image, 'rocky-9');
    assert.equal(state.switches['leaf-1']!.ports['Ethernet1'], { admin_up: true, untagged_vlan: 101, tagged_vlans: [200, 300] });
    assert.is(state.switches['leaf-1']!.ports['Ethernet3']!.admin_up, false);
    assert.equal(fs.readdirSync(sim.dir), ['hardware.json'], 'no temp file is left behind');
  } finally {
    await sim.dispose();
  }
});

test('reopening keeps the hardware state; a server caught mid-install boots again', async () => {
  const clock = new ManualClock();
  const sim = await tempDatacenter({ clock, speed: 1 });
  try {
    const { dc } = sim;
    await clock.runUntil(dc.boot.writeBootConfig({ mac: MAC1, format: 'ipxe', action: 'install', image: 'ubuntu-24.04', content: '' }, live()));
    await clock.runUntil(dc.bmc.setBootDevice({ serverId: 'srv-1' }, { device: 'pxe', persistent: true }, live()));
    await clock.runUntil(dc.bmc.powerOn({ serverId: 'srv-1' }, live()));
    await clock.advance(120_000);
    await clock.runUntil(dc.switch.setPortAdmin({ switchId: 'leaf-1', port: 'Ethernet2' }, false, live()));
    assert.is(dc.state.servers['srv-1']!.phase, 'installing');
    await dc.close();

    const clock2 = new ManualClock();
    const again = await SimulatedDatacenter.open({ statePath: sim.statePath, clock: clock2, speed: 0.001, topology: TOPOLOGY });
    try {
      assert.is(again.state.switches['leaf-1']!.ports['Ethernet2']!.admin_up, false);
      assert.is(again.state.servers['srv-1']!.counters.power_ons, 1);
      const done = await clock2.runUntil(again.boot.waitInstallComplete(MAC1, live()));
      assert.is(done.image, 'ubuntu-24.04');
      assert.is(again.state.servers['srv-1']!.installed_image, 'ubuntu-24.04');
    } finally {
      await again.close();
    }
  } finally {
    await sim.dispose();
  }
});

test('a damaged state file is an error naming it, and is left untouched', async () => {
  const sim = await tempDatacenter({ speed: 0 });
  try {
    await sim.dc.close();
    const damaged = JSON.stringify({ ...read(sim.statePath), servers: { 'srv-1': { power: 'maybe' } } });
    fs.writeFileSync(sim.statePath, damaged);
    let message = '';
    await SimulatedDatacenter.open({ statePath: sim.statePath, speed: 0 }).catch((e: Error) => (message = e.message));
    assert.ok(message.includes(sim.statePath), message);
    assert.ok(message.includes('servers.srv-1.power'), message);
    assert.is(fs.readFileSync(sim.statePath, 'utf8'), damaged);
    fs.writeFileSync(sim.statePath, '{ not json');
    message = '';
    await SimulatedDatacenter.open({ statePath: sim.statePath, speed: 0 }).catch((e: Error) => (message = e.message));
    assert.ok(message.includes('not valid JSON'), message);
  } finally {
    await sim.dispose();
  }
});

test('many concurrent changes coalesce into few writes, and every read sees a whole file', async () => {
  const servers = Array.from({ length: 300 }, (_, i) => ({ id: `n-${i}`, macs: [`02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`] }));
  const sim = await tempDatacenter({ speed: 0, writeIntervalMs: 0 });
  try {
    const { dc } = sim;
    dc.register({ servers });
    await dc.flush();
    const before = read(sim.statePath).serial;
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        read(sim.statePath); // throws on a torn file
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        servers.map(async ({ id }) => {
          await dc.bmc.setBootDevice({ serverId: id }, { device: round % 2 === 0 ? 'pxe' : 'disk', persistent: true }, live());
          await dc.bmc.powerCycle({ serverId: id }, live());
        }),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await dc.flush();
    stop = true;
    await reader;
    const state = read(sim.statePath);
    const changes = servers.length * 5 * 2;
    assert.ok(state.serial - before < changes / 20, `${state.serial - before} writes for ${changes} changes`);
    assert.ok(reads > 0);
    for (const { id } of servers) {
      assert.is(state.servers[id]!.counters.boot_device_changes, 5);
      assert.is(state.servers[id]!.power, 'on');
    }
  } finally {
    await sim.dispose();
  }
});

test.run();
