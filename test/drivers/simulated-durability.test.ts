import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { changeLogPath, FAILPOINT_BEFORE_LOG_TRUNCATE, loadStateFile, SimulatedDatacenter, type HardwareState } from '../../runtime/drivers/index.ts';
import { live, tempDatacenter, TOPOLOGY } from './sim-fixture.ts';

// A real BMC, switch or netboot server keeps what a call did when the caller
// dies; the simulator must too. The runtime journals a step as done as soon
// as its driver calls return, so a call that returned before its change was
// on disk let a SIGKILL lose a power-on the journal recorded: the resume then
// waited forever for an install that never started
// (test/crash/apply-crash.test.ts, seed 2012899098). With `durableCalls`
// (what `mbp apply` opens the datacenter with, runtime/apply/hardware.ts) a
// call returns once its change is appended to the change log beside the
// state file; the whole file is rewritten in the background and the log
// lines it holds are then dropped.

/** What a restarted driver would see: the state file with the log replayed. */
const read = (file: string): HardwareState => loadStateFile(file)!;
const readSnapshot = (file: string): HardwareState => JSON.parse(fs.readFileSync(file, 'utf8')) as HardwareState;
const logLines = (file: string): { seq: number; sets: { path: string[]; value: Record<string, unknown> | null }[] }[] =>
  fs.existsSync(changeLogPath(file))
    ? fs
        .readFileSync(changeLogPath(file), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { seq: number; sets: { path: string[]; value: Record<string, unknown> | null }[] })
    : [];
const MAC1 = '52:54:00:00:00:01';
const srv1 = { serverId: 'srv-1' };
const port1 = { switchId: 'leaf-1', port: 'Ethernet1' };
const DRIVERS = new URL('../../runtime/drivers/index.ts', import.meta.url).href;

test('every change a driver call makes is on disk when the call returns', async () => {
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

test('a call appends its own entities, not the whole state; calls in a burst share one append', async () => {
  const servers = Array.from({ length: 300 }, (_, i) => ({ id: `srv-${i + 1}`, macs: [`52:54:00:00:${String(Math.floor((i + 1) / 256)).padStart(2, '0')}:${((i + 1) % 256).toString(16).padStart(2, '0')}`] }));
  const sim = await tempDatacenter({ speed: 0, writeIntervalMs: 60_000, durableCalls: true, topology: { servers, switches: TOPOLOGY.switches } });
  try {
    const { dc } = sim;
    const serialBefore = readSnapshot(sim.statePath).serial;
    assert.equal(logLines(sim.statePath), [], 'the open folded everything into the snapshot');
    await Promise.all(['Ethernet1', 'Ethernet2', 'Ethernet3'].map((port) => dc.switch.setPortAdmin({ switchId: 'leaf-1', port }, false, live())));
    const lines = logLines(sim.statePath);
    assert.is(lines.length, 1, 'three concurrent calls, one append');
    assert.equal(lines[0]!.sets.map((s) => s.path.join('/')).sort(), ['switches/leaf-1/ports/Ethernet1', 'switches/leaf-1/ports/Ethernet2', 'switches/leaf-1/ports/Ethernet3']);
    await dc.bmc.powerOff({ serverId: 'srv-7' }, live());
    await dc.bmc.setBootDevice({ serverId: 'srv-7' }, { device: 'pxe', persistent: false }, live());
    const last = logLines(sim.statePath).at(-1)!;
    assert.equal(last.sets.map((s) => s.path.join('/')), ['servers/srv-7'], 'one server of 300');
    assert.ok(fs.statSync(changeLogPath(sim.statePath)).size < fs.statSync(sim.statePath).size / 20, 'the log is a small fraction of the file');
    assert.is(readSnapshot(sim.statePath).serial, serialBefore, 'no whole-file write was needed');
    assert.ok(Object.values(read(sim.statePath).switches['leaf-1']!.ports).every((p) => !p.admin_up));
  } finally {
    await sim.dispose();
  }
});

test('a snapshot drops the log lines it holds; close leaves the state file alone', async () => {
  const sim = await tempDatacenter({ speed: 0, writeIntervalMs: 60_000, durableCalls: true });
  const { dc } = sim;
  await dc.switch.setPortVlans(port1, { untagged: 101, tagged: [200] }, live());
  await dc.switch.setPortAdmin({ switchId: 'leaf-1', port: 'Ethernet2' }, false, live());
  assert.is(logLines(sim.statePath).length, 2);
  await dc.flush();
  assert.not.ok(fs.existsSync(changeLogPath(sim.statePath)), 'the log is gone once the snapshot holds it');
  const snapshot = readSnapshot(sim.statePath);
  assert.is(snapshot.switches['leaf-1']!.ports['Ethernet1']!.untagged_vlan, 101);
  assert.is(snapshot.log_seq, 2, 'the snapshot names the last line it holds');
  await dc.switch.setPortAdmin(port1, false, live());
  assert.is(logLines(sim.statePath)[0]!.seq, 3, 'numbering goes on after a truncation');
  await dc.close();
  assert.equal(fs.readdirSync(sim.dir), ['hardware.json'], 'close folds the log in');
  assert.is(readSnapshot(sim.statePath).switches['leaf-1']!.ports['Ethernet1']!.admin_up, false);
  await sim.dispose();
});

test('negative control: without durableCalls a change is not on disk when the call returns', async () => {
  const sim = await tempDatacenter({ speed: 0, writeIntervalMs: 1000 });
  try {
    await sim.dc.bmc.powerOn(srv1, live());
    assert.is(read(sim.statePath).servers['srv-1']?.power, 'off', 'the checks above would catch a lagging file');
    assert.not.ok(fs.existsSync(changeLogPath(sim.statePath)), 'and nothing is logged');
  } finally {
    await sim.dispose();
  }
});

// ---- in a real child process, killed with SIGKILL ----

interface Child {
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs `body` (JavaScript, `dc` and `live` in scope) after opening the datacenter at `statePath` in a child process. */
function runChild(statePath: string, options: string, body: string, env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const script = `
    import { SimulatedDatacenter } from ${JSON.stringify(DRIVERS)};
    const live = () => new AbortController().signal;
    const dc = await SimulatedDatacenter.open({ statePath: ${JSON.stringify(statePath)}, topology: ${JSON.stringify(TOPOLOGY)}, ...${options} });
    ${body}
    await dc.close();
  `;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (env.MBP_FAILPOINTS === undefined) delete childEnv.MBP_FAILPOINTS;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: childEnv });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (_code, signal) => resolve({ signal, stderr })));
}

async function inTempDir(body: (statePath: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  try {
    await body(path.join(dir, 'hardware.json'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const KILL_AFTER_CALLS = `
  await dc.switch.setPortVlans({ switchId: 'leaf-1', port: 'Ethernet1' }, { untagged: 101, tagged: [200] }, live());
  await dc.bmc.setBootDevice({ serverId: 'srv-1' }, { device: 'pxe', persistent: true }, live());
  process.kill(process.pid, 'SIGKILL');
`;

test('killed right after a durable call returned, the restarted driver sees the change', async () => {
  await inTempDir(async (statePath) => {
    // A minute between whole-file writes: only the log can carry the calls.
    const child = await runChild(statePath, `{ speed: 0, writeIntervalMs: 60000, durableCalls: true }`, KILL_AFTER_CALLS);
    assert.is(child.signal, 'SIGKILL', child.stderr);
    assert.is(readSnapshot(statePath).switches['leaf-1']!.ports['Ethernet1']!.untagged_vlan, 1, 'the state file itself lags');
    const dc = await SimulatedDatacenter.open({ statePath, topology: TOPOLOGY, speed: 0 });
    try {
      assert.equal(dc.state.switches['leaf-1']!.ports['Ethernet1'], { admin_up: true, untagged_vlan: 101, tagged_vlans: [200] });
      assert.is(dc.state.servers['srv-1']!.boot_device, 'pxe');
      assert.is(dc.state.servers['srv-1']!.counters.boot_device_changes, 1);
    } finally {
      await dc.close();
    }
    assert.not.ok(fs.existsSync(changeLogPath(statePath)), 'the reopen folded the log into the state file');
    assert.is(readSnapshot(statePath).servers['srv-1']!.boot_device, 'pxe');
  });
});

test('negative control: killed the same way without durableCalls, the change is lost', async () => {
  await inTempDir(async (statePath) => {
    const child = await runChild(statePath, `{ speed: 0, writeIntervalMs: 60000 }`, KILL_AFTER_CALLS);
    assert.is(child.signal, 'SIGKILL', child.stderr);
    assert.is(read(statePath).switches['leaf-1']!.ports['Ethernet1']!.untagged_vlan, 1);
    assert.is(read(statePath).servers['srv-1']!.boot_device, 'disk');
  });
});

test('killed between the snapshot rename and the log truncation, replay skips what the snapshot holds', async () => {
  await inTempDir(async (statePath) => {
    // Power on is logged while the server is in POST; the boot then moves on
    // unlogged (no call waits for it) and only the snapshot holds where it
    // got to. The open's own snapshot is the first hit of the failpoint.
    const child = await runChild(
      statePath,
      `{ speed: 1, writeIntervalMs: 60000, durableCalls: true, durations: { bmc_call: 0, power_on: 0, post: 30, pxe_timeout: 0 } }`,
      `
        await dc.bmc.powerOn({ serverId: 'srv-1' }, live());
        while (dc.state.servers['srv-1'].phase !== 'no_bootable_device') await new Promise((r) => setTimeout(r, 10));
        await dc.flush();
        console.error('the failpoint did not fire');
      `,
      { MBP_FAILPOINTS: `${FAILPOINT_BEFORE_LOG_TRUNCATE}=sigkill-after(1)` },
    );
    assert.is(child.signal, 'SIGKILL', child.stderr);
    const snapshot = readSnapshot(statePath);
    assert.is(snapshot.servers['srv-1']!.phase, 'no_bootable_device', 'the snapshot was renamed in place');
    // Control: the log still holds the older record, which a replay ignoring `log_seq` would apply over the snapshot.
    const stale = logLines(statePath).flatMap((l) => l.sets.filter((s) => s.path.join('/') === 'servers/srv-1').map((s) => ({ seq: l.seq, phase: s.value?.['phase'] })));
    assert.equal(stale, [{ seq: 1, phase: 'post' }], 'the log was not truncated');
    assert.ok(snapshot.log_seq >= 1);
    assert.is(read(statePath).servers['srv-1']!.phase, 'no_bootable_device', 'the reader skips lines the snapshot holds');
    const dc = await SimulatedDatacenter.open({ statePath, topology: TOPOLOGY, speed: 0 });
    try {
      assert.is(dc.state.servers['srv-1']!.phase, 'no_bootable_device');
      assert.is(dc.state.servers['srv-1']!.power, 'on');
      assert.is(dc.state.servers['srv-1']!.counters.power_ons, 1);
    } finally {
      await dc.close();
    }
  });
});

test('a torn last line is ignored and cut off; a damaged line before it is an error', async () => {
  await inTempDir(async (statePath) => {
    const child = await runChild(statePath, `{ speed: 0, writeIntervalMs: 60000, durableCalls: true }`, KILL_AFTER_CALLS);
    assert.is(child.signal, 'SIGKILL', child.stderr);
    const log = changeLogPath(statePath);
    const whole = fs.readFileSync(log, 'utf8');
    // What a kill in the middle of an append leaves: the call it belonged to had not returned.
    fs.appendFileSync(log, '{"seq":3,"sets":[{"path":["servers","srv-1"],"value":{"power":"o');
    assert.is(read(statePath).servers['srv-1']!.boot_device, 'pxe', 'the complete lines still count');
    const dc = await SimulatedDatacenter.open({ statePath, topology: TOPOLOGY, speed: 0, durableCalls: true });
    try {
      assert.not.ok(fs.existsSync(log), 'the torn line is gone before anything is appended after it');
      await dc.switch.setPortAdmin(port1, false, live());
      assert.is(read(statePath).switches['leaf-1']!.ports['Ethernet1']!.admin_up, false);
    } finally {
      await dc.close();
    }
    fs.writeFileSync(log, `not json\n${whole}`);
    assert.throws(() => loadStateFile(statePath), /change log .*hardware\.json\.log is damaged at line 1/);
    const opened = await SimulatedDatacenter.open({ statePath, topology: TOPOLOGY, speed: 0 }).then(
      () => 'opened',
      (error: Error) => error.message,
    );
    assert.match(opened, /is damaged at line 1/, 'the driver refuses it too');
    assert.ok(fs.readFileSync(log, 'utf8').startsWith('not json\n'), 'and leaves it as it is');
  });
});

test.run();
