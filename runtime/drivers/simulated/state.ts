import type { BootDevice, PowerState } from '../bmc.ts';
import type { NetbootAction } from '../boot.ts';

/*
 * The hardware-state file format (docs/simulated-datacenter.md). Keys are
 * snake_case like the project's other file formats. These objects are the
 * simulator's live state too, so the file is a plain JSON.stringify of it.
 */

export const STATE_FORMAT_VERSION = '1';

export type ServerPhase =
  | 'off'
  | 'post'
  | 'pxe'
  | 'installing'
  | 'install_complete'
  | 'install_hung'
  | 'wiping'
  | 'wipe_complete'
  | 'booting'
  | 'ready'
  | 'unresponsive'
  | 'no_bootable_device';

export interface ServerCounters {
  power_ons: number;
  power_offs: number;
  power_cycles: number;
  installs: number;
  disk_wipes: number;
  boot_device_changes: number;
}

export interface ServerFaultCounters {
  bmc_errors: number;
  install_timeouts: number;
  lost_readiness: number;
}

export interface ServerState {
  macs: string[];
  power: PowerState;
  phase: ServerPhase;
  boot_device: BootDevice;
  boot_persistent: boolean;
  /** The last persistent device: what a consumed one-time override falls back to. */
  boot_default: BootDevice;
  installed_image: string | null;
  running_image: string | null;
  booted_from: 'disk' | 'iscsi' | null;
  disk_wiped: boolean;
  virtual_media: string | null;
  counters: ServerCounters;
  faults: ServerFaultCounters;
}

export interface PortStateRecord {
  admin_up: boolean;
  untagged_vlan: number | null;
  tagged_vlans: number[];
}

export interface SwitchState {
  ports: Record<string, PortStateRecord>;
}

export interface BootConfigRecord {
  server_id: string;
  format: 'pxe' | 'ipxe';
  action: NetbootAction;
  image: string;
  iscsi_iqn: string | null;
  content: string;
}

export interface IscsiTargetRecord {
  iqn: string;
  portal: string;
  lun: number;
  image: string;
  server_id: string;
  size_bytes: number | null;
}

export interface CompletionRecord {
  action: NetbootAction;
  image: string;
  ok: boolean;
  detail: string | null;
}

export interface HardwareState {
  format_version: typeof STATE_FORMAT_VERSION;
  /** Grows by one with every write of the file. */
  serial: number;
  /** The last change-log line this file holds: replay skips lines up to it. */
  log_seq: number;
  servers: Record<string, ServerState>;
  switches: Record<string, SwitchState>;
  /** Keyed by normalised MAC. */
  boot_configs: Record<string, BootConfigRecord>;
  /** Keyed by volume name. */
  iscsi_targets: Record<string, IscsiTargetRecord>;
  /** Keyed by normalised MAC: the last completion since the config was written. */
  completions: Record<string, CompletionRecord>;
}

export function emptyState(): HardwareState {
  return { format_version: STATE_FORMAT_VERSION, serial: 0, log_seq: 0, servers: {}, switches: {}, boot_configs: {}, iscsi_targets: {}, completions: {} };
}

export function newServerState(macs: readonly string[]): ServerState {
  return {
    macs: [...macs],
    power: 'off',
    phase: 'off',
    boot_device: 'disk',
    boot_persistent: true,
    boot_default: 'disk',
    installed_image: null,
    running_image: null,
    booted_from: null,
    disk_wiped: false,
    virtual_media: null,
    counters: { power_ons: 0, power_offs: 0, power_cycles: 0, installs: 0, disk_wipes: 0, boot_device_changes: 0 },
    faults: { bmc_errors: 0, install_timeouts: 0, lost_readiness: 0 },
  };
}

/** Factory default of a switch port: up, in VLAN 1, as switches ship. */
export function newPortState(): PortStateRecord {
  return { admin_up: true, untagged_vlan: 1, tagged_vlans: [] };
}

/**
 * Checks a loaded file's shape enough that the simulator cannot crash on it;
 * returns the first problem as a path and a reason, or null.
 */
export function findStateProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the top level is not an object';
  if (value['format_version'] !== STATE_FORMAT_VERSION) return `format_version is ${JSON.stringify(value['format_version'])}, expected "${STATE_FORMAT_VERSION}"`;
  if (typeof value['serial'] !== 'number') return 'serial is not a number';
  if (value['log_seq'] !== undefined && !Number.isInteger(value['log_seq'])) return 'log_seq is not an integer';
  for (const key of ['servers', 'switches', 'boot_configs', 'iscsi_targets', 'completions']) {
    if (!isObject(value[key])) return `${key} is not an object`;
  }
  for (const [id, server] of Object.entries(value['servers'] as Record<string, unknown>)) {
    if (!isObject(server)) return `servers.${id} is not an object`;
    if (server['power'] !== 'on' && server['power'] !== 'off') return `servers.${id}.power is not "on" or "off"`;
    if (!Array.isArray(server['macs'])) return `servers.${id}.macs is not a list`;
    if (!isObject(server['counters'])) return `servers.${id}.counters is not an object`;
    if (!isObject(server['faults'])) return `servers.${id}.faults is not an object`;
  }
  for (const [id, sw] of Object.entries(value['switches'] as Record<string, unknown>)) {
    if (!isObject(sw) || !isObject(sw['ports'])) return `switches.${id}.ports is not an object`;
    for (const [name, port] of Object.entries(sw['ports'])) {
      if (!isObject(port) || typeof port['admin_up'] !== 'boolean' || !Array.isArray(port['tagged_vlans'])) {
        return `switches.${id}.ports.${name} is not a port state`;
      }
    }
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
