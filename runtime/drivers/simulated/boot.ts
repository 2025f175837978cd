import { abortReason } from '../../clock/index.ts';
import type { BootConfig, BootDriver, IscsiTarget, IscsiTargetSpec, NetbootAction, NetbootCompletion } from '../boot.ts';
import { DriverError } from '../errors.ts';
import type { SimulatedDatacenter } from './datacenter.ts';
import type { BootConfigRecord, IscsiTargetRecord } from './state.ts';

const DRIVER = 'boot/simulated';
const ACTIONS: ReadonlySet<string> = new Set<NetbootAction>(['install', 'sanboot', 'wipe']);
/** TEST-NET-1: the simulated iSCSI portal never collides with a real address. */
const PORTAL = '192.0.2.1:3260';
const IQN_PREFIX = 'iqn.2025-01.io.metal-blueprint.sim';

/** The netboot face of the simulated datacenter: PXE/iPXE configs, iSCSI volumes, completion signals. */
export class SimulatedBoot implements BootDriver {
  private readonly dc: SimulatedDatacenter;

  constructor(dc: SimulatedDatacenter) {
    this.dc = dc;
  }

  async writeBootConfig(config: BootConfig, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { mac, serverId } = this.dc.serverOfMac(config.mac, DRIVER);
    const invalid = (message: string): DriverError => new DriverError({ code: 'invalid-argument', driver: DRIVER, target: mac, message });
    if (config.format !== 'pxe' && config.format !== 'ipxe') throw invalid(`boot config format "${String(config.format)}" is not pxe or ipxe`);
    if (!ACTIONS.has(config.action)) throw invalid(`boot config action "${String(config.action)}" is not install, sanboot or wipe`);
    if (config.action !== 'wipe' && config.image.trim() === '') throw invalid(`a boot config that does "${config.action}" needs an image`);
    await this.dc.wait('boot_config', signal);
    this.dc.state.boot_configs[mac] = {
      server_id: serverId,
      format: config.format,
      action: config.action,
      image: config.image,
      iscsi_iqn: config.iscsiIqn ?? null,
      content: config.content,
    };
    // A new config starts a new netboot: an older completion must not satisfy the next wait.
    delete this.dc.state.completions[mac];
    this.dc.changed(['boot_configs', mac]);
    this.dc.changed(['completions', mac]);
    // Durable before the call returns: a caller killed now must find the config in place, as on a real netboot server.
    await this.dc.durable();
  }

  async removeBootConfig(mac: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const owner = this.dc.serverOfMac(mac, DRIVER);
    if (this.dc.state.boot_configs[owner.mac] === undefined) return;
    await this.dc.wait('boot_config', signal);
    delete this.dc.state.boot_configs[owner.mac];
    this.dc.changed(['boot_configs', owner.mac]);
    await this.dc.durable();
  }

  async readBootConfig(mac: string, signal: AbortSignal): Promise<BootConfig | null> {
    signal.throwIfAborted();
    const owner = this.dc.serverOfMac(mac, DRIVER);
    const record = this.dc.state.boot_configs[owner.mac];
    return record === undefined ? null : toBootConfig(owner.mac, record);
  }

  async createIscsiTarget(spec: IscsiTargetSpec, signal: AbortSignal): Promise<IscsiTarget> {
    signal.throwIfAborted();
    const invalid = (message: string): DriverError => new DriverError({ code: 'invalid-argument', driver: DRIVER, target: spec.name, message });
    if (!/^[a-z0-9][a-z0-9.:_-]*$/i.test(spec.name)) throw invalid(`iSCSI volume name "${spec.name}" must be letters, digits, ".", ":", "_" or "-"`);
    if (spec.image.trim() === '') throw invalid(`iSCSI volume "${spec.name}" needs an image to clone`);
    this.dc.server(spec.serverId, DRIVER);
    const existing = this.dc.state.iscsi_targets[spec.name];
    if (existing !== undefined) return this.sameOrConflict(spec, existing);
    await this.dc.wait('iscsi_create', signal);
    // Another call may have created it while this one waited.
    const raced = this.dc.state.iscsi_targets[spec.name];
    if (raced !== undefined) return this.sameOrConflict(spec, raced);
    const record: IscsiTargetRecord = {
      iqn: `${IQN_PREFIX}:${spec.name.toLowerCase()}`,
      portal: PORTAL,
      lun: 0,
      image: spec.image,
      server_id: spec.serverId,
      size_bytes: spec.sizeBytes ?? null,
    };
    this.dc.state.iscsi_targets[spec.name] = record;
    this.dc.changed(['iscsi_targets', spec.name]);
    await this.dc.durable();
    return toIscsiTarget(spec.name, record);
  }

  async deleteIscsiTarget(name: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const record = this.dc.state.iscsi_targets[name];
    if (record === undefined) return;
    const server = this.dc.state.servers[record.server_id];
    if (server !== undefined && server.power === 'on' && server.booted_from === 'iscsi') {
      throw new DriverError({
        code: 'conflict',
        driver: DRIVER,
        target: name,
        message: `iSCSI volume "${name}" is the running root disk of ${record.server_id}; power the server off before deleting it`,
      });
    }
    await this.dc.wait('iscsi_delete', signal);
    delete this.dc.state.iscsi_targets[name];
    this.dc.changed(['iscsi_targets', name]);
    await this.dc.durable();
  }

  async getIscsiTarget(name: string, signal: AbortSignal): Promise<IscsiTarget | null> {
    signal.throwIfAborted();
    const record = this.dc.state.iscsi_targets[name];
    return record === undefined ? null : toIscsiTarget(name, record);
  }

  async markInstallComplete(completion: NetbootCompletion, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { mac } = this.dc.serverOfMac(completion.mac, DRIVER);
    this.dc.recordCompletion({ ...completion, mac });
    await this.dc.durable();
  }

  waitInstallComplete(mac: string, signal: AbortSignal): Promise<NetbootCompletion> {
    try {
      signal.throwIfAborted();
      const owner = this.dc.serverOfMac(mac, DRIVER);
      const recorded = this.dc.state.completions[owner.mac];
      // A completion is reported once it is in the state file: the caller journals it as done.
      if (recorded !== undefined) {
        const completion: NetbootCompletion = {
          mac: owner.mac,
          action: recorded.action,
          image: recorded.image,
          ok: recorded.ok,
          ...(recorded.detail === null ? {} : { detail: recorded.detail }),
        };
        return this.dc.durable().then(() => completion);
      }
      const waiters = this.dc.completionWaitersFor(owner.mac);
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          waiters.delete(done);
          reject(abortReason(signal));
        };
        const done = (completion: NetbootCompletion): void => {
          signal.removeEventListener('abort', onAbort);
          this.dc.durable().then(() => resolve(completion), reject);
        };
        waiters.add(done);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private sameOrConflict(spec: IscsiTargetSpec, existing: IscsiTargetRecord): IscsiTarget {
    if (existing.image === spec.image && existing.server_id === spec.serverId) return toIscsiTarget(spec.name, existing);
    throw new DriverError({
      code: 'conflict',
      driver: DRIVER,
      target: spec.name,
      message: `iSCSI volume "${spec.name}" already exists with image ${existing.image} for ${existing.server_id}; delete it first to recreate it with ${spec.image} for ${spec.serverId}`,
    });
  }
}

function toBootConfig(mac: string, record: BootConfigRecord): BootConfig {
  return {
    mac,
    format: record.format,
    action: record.action,
    image: record.image,
    ...(record.iscsi_iqn === null ? {} : { iscsiIqn: record.iscsi_iqn }),
    content: record.content,
  };
}

function toIscsiTarget(name: string, record: IscsiTargetRecord): IscsiTarget {
  return { name, iqn: record.iqn, portal: record.portal, lun: record.lun, image: record.image, serverId: record.server_id };
}
