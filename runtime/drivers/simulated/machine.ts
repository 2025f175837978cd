import type { SimulatedDatacenter } from './datacenter.ts';
import type { BootConfigRecord, IscsiTargetRecord, ServerPhase, ServerState } from './state.ts';

/*
 * What a powered-on server does on its own, from POST to a running OS (see
 * docs/simulated-datacenter.md, "Boot flow"). Each step waits its scaled
 * duration on the datacenter's clock; a power action aborts the flow.
 */

const DRIVER = 'bmc/simulated';

/** Phases a server only passes through: after a restart of the simulator it boots again. */
const TRANSIENT: ReadonlySet<ServerPhase> = new Set(['post', 'pxe', 'installing', 'wiping', 'booting']);

export function startBoot(dc: SimulatedDatacenter, id: string): void {
  dc.stopBoot(id);
  const controller = new AbortController();
  dc.runtime(id).boot = controller;
  bootFlow(dc, id, controller.signal).catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
}

export function resumeAfterRestart(dc: SimulatedDatacenter, id: string): void {
  const server = dc.state.servers[id];
  if (server !== undefined && server.power === 'on' && TRANSIENT.has(server.phase)) startBoot(dc, id);
}

function setPhase(dc: SimulatedDatacenter, id: string, server: ServerState, phase: ServerPhase): void {
  server.phase = phase;
  dc.changed(['servers', id]);
}

async function bootFlow(dc: SimulatedDatacenter, id: string, signal: AbortSignal): Promise<void> {
  const server = dc.server(id, DRIVER);
  server.running_image = null;
  server.booted_from = null;
  setPhase(dc, id, server, 'post');
  await dc.wait('post', signal);

  // A one-time override is used by this boot and then falls back.
  const device = server.boot_device;
  if (!server.boot_persistent) {
    server.boot_device = server.boot_default;
    server.boot_persistent = true;
    dc.changed(['servers', id]);
  }

  if (device === 'disk') return bootFromDisk(dc, id, server, signal);
  if (device === 'iscsi') return bootFromIscsi(dc, id, server, findTargetOf(dc, id), signal);

  setPhase(dc, id, server, 'pxe');
  const found = findConfig(dc, server);
  if (found === null) {
    // No config for any NIC: PXE times out and firmware tries the disk.
    await dc.wait('pxe_timeout', signal);
    return bootFromDisk(dc, id, server, signal);
  }
  const { mac, config } = found;
  await dc.wait('pxe_load', signal);
  switch (config.action) {
    case 'install':
      return install(dc, id, server, mac, config, signal);
    case 'wipe':
      return wipe(dc, id, server, mac, signal);
    case 'sanboot': {
      const target = config.iscsi_iqn === null ? findTargetOf(dc, id) : findTargetByIqn(dc, id, config.iscsi_iqn);
      return bootFromIscsi(dc, id, server, target, signal);
    }
  }
}

async function install(dc: SimulatedDatacenter, id: string, server: ServerState, mac: string, config: BootConfigRecord, signal: AbortSignal): Promise<void> {
  setPhase(dc, id, server, 'installing');
  if (dc.decideFault('installTimeout', id)) {
    // The installer hangs: no completion signal ever comes.
    server.faults.install_timeouts++;
    setPhase(dc, id, server, 'install_hung');
    return;
  }
  await dc.wait('pxe_install', signal);
  server.installed_image = config.image;
  server.disk_wiped = false;
  server.counters.installs++;
  // The installer halts after signalling: only finalize's power cycle boots the new OS.
  setPhase(dc, id, server, 'install_complete');
  dc.recordCompletion({ mac, action: 'install', image: config.image, ok: true });
}

async function wipe(dc: SimulatedDatacenter, id: string, server: ServerState, mac: string, signal: AbortSignal): Promise<void> {
  setPhase(dc, id, server, 'wiping');
  await dc.wait('disk_wipe', signal);
  server.installed_image = null;
  server.disk_wiped = true;
  server.counters.disk_wipes++;
  setPhase(dc, id, server, 'wipe_complete');
  dc.recordCompletion({ mac, action: 'wipe', image: '', ok: true });
}

async function bootFromDisk(dc: SimulatedDatacenter, id: string, server: ServerState, signal: AbortSignal): Promise<void> {
  if (server.installed_image === null) return setPhase(dc, id, server, 'no_bootable_device');
  return runOs(dc, id, server, server.installed_image, 'disk', signal);
}

async function bootFromIscsi(dc: SimulatedDatacenter, id: string, server: ServerState, target: IscsiTargetRecord | null, signal: AbortSignal): Promise<void> {
  if (target === null) return setPhase(dc, id, server, 'no_bootable_device');
  return runOs(dc, id, server, target.image, 'iscsi', signal);
}

async function runOs(dc: SimulatedDatacenter, id: string, server: ServerState, image: string, from: 'disk' | 'iscsi', signal: AbortSignal): Promise<void> {
  server.running_image = image;
  server.booted_from = from;
  setPhase(dc, id, server, 'booting');
  const lost = dc.decideFault('lostReadiness', id);
  await dc.wait('os_boot', signal);
  if (lost) {
    server.faults.lost_readiness++;
    return setPhase(dc, id, server, 'unresponsive');
  }
  setPhase(dc, id, server, 'ready');
  dc.notifyReady(id);
}

function findConfig(dc: SimulatedDatacenter, server: ServerState): { mac: string; config: BootConfigRecord } | null {
  for (const mac of server.macs) {
    const config = dc.state.boot_configs[mac];
    if (config !== undefined) return { mac, config };
  }
  return null;
}

/** The volume exported to this server (firmware iSCSI boot logs in with its own initiator name). */
function findTargetOf(dc: SimulatedDatacenter, id: string): IscsiTargetRecord | null {
  for (const target of Object.values(dc.state.iscsi_targets)) if (target.server_id === id) return target;
  return null;
}

function findTargetByIqn(dc: SimulatedDatacenter, id: string, iqn: string): IscsiTargetRecord | null {
  for (const target of Object.values(dc.state.iscsi_targets)) {
    // The target's ACL only lets its own server log in.
    if (target.iqn === iqn) return target.server_id === id ? target : null;
  }
  return null;
}
