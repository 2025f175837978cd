import type { BmcDriver, BmcTarget, BootDevice, BootDeviceSetting, PowerState } from '../bmc.ts';
import { DriverError } from '../errors.ts';
import type { SimulatedDatacenter } from './datacenter.ts';
import type { ServerState } from './state.ts';

const DRIVER = 'bmc/simulated';
const DEVICES: ReadonlySet<string> = new Set<BootDevice>(['pxe', 'disk', 'iscsi']);

/**
 * The BMC face of the simulated datacenter. Calls to one server queue
 * behind each other; each pays the BMC round trip, may fail with an injected
 * fault before changing anything, and changes state only once its wait is
 * over, so an aborted call leaves no trace.
 */
export class SimulatedBmc implements BmcDriver {
  private readonly dc: SimulatedDatacenter;

  constructor(dc: SimulatedDatacenter) {
    this.dc = dc;
  }

  powerOn(target: BmcTarget, signal: AbortSignal): Promise<void> {
    return this.call(target, signal, async (server, id) => {
      if (server.power === 'on') return;
      await this.dc.wait('power_on', signal);
      server.power = 'on';
      server.counters.power_ons++;
      this.dc.changed(['servers', id]);
      this.dc.startBoot(id);
      // What the call did survives this process, as a real BMC's would.
      await this.dc.durable();
    });
  }

  powerOff(target: BmcTarget, signal: AbortSignal): Promise<void> {
    return this.call(target, signal, async (server, id) => {
      if (server.power === 'off') return;
      await this.dc.wait('power_off', signal);
      this.turnOff(server, id);
      server.counters.power_offs++;
      await this.dc.durable();
    });
  }

  powerCycle(target: BmcTarget, signal: AbortSignal): Promise<void> {
    return this.call(target, signal, async (server, id) => {
      const wasOn = server.power === 'on';
      await this.dc.wait(wasOn ? 'power_cycle' : 'power_on', signal);
      if (wasOn) {
        this.turnOff(server, id);
        server.counters.power_cycles++;
      } else {
        server.counters.power_ons++;
      }
      server.power = 'on';
      this.dc.changed(['servers', id]);
      this.dc.startBoot(id);
      await this.dc.durable();
    });
  }

  powerStatus(target: BmcTarget, signal: AbortSignal): Promise<PowerState> {
    return this.call(target, signal, async (server) => server.power);
  }

  setBootDevice(target: BmcTarget, setting: BootDeviceSetting, signal: AbortSignal): Promise<void> {
    if (!DEVICES.has(setting.device)) {
      return Promise.reject(
        new DriverError({ code: 'invalid-argument', driver: DRIVER, target: target.serverId, message: `boot device "${String(setting.device)}" is not one of pxe, disk, iscsi` }),
      );
    }
    return this.call(target, signal, async (server, id) => {
      if (server.boot_device === setting.device && server.boot_persistent === setting.persistent) return;
      server.boot_device = setting.device;
      server.boot_persistent = setting.persistent;
      if (setting.persistent) server.boot_default = setting.device;
      server.counters.boot_device_changes++;
      this.dc.changed(['servers', id]);
      await this.dc.durable();
    });
  }

  getBootDevice(target: BmcTarget, signal: AbortSignal): Promise<BootDeviceSetting> {
    return this.call(target, signal, async (server) => ({ device: server.boot_device, persistent: server.boot_persistent }));
  }

  insertVirtualMedia(target: BmcTarget, imageUrl: string, signal: AbortSignal): Promise<void> {
    if (imageUrl.trim() === '') {
      return Promise.reject(new DriverError({ code: 'invalid-argument', driver: DRIVER, target: target.serverId, message: 'the virtual media image URL is empty' }));
    }
    return this.call(target, signal, async (server, id) => {
      await this.dc.wait('virtual_media', signal);
      server.virtual_media = imageUrl;
      this.dc.changed(['servers', id]);
      await this.dc.durable();
    });
  }

  ejectVirtualMedia(target: BmcTarget, signal: AbortSignal): Promise<void> {
    return this.call(target, signal, async (server, id) => {
      if (server.virtual_media === null) return;
      await this.dc.wait('virtual_media', signal);
      server.virtual_media = null;
      this.dc.changed(['servers', id]);
      await this.dc.durable();
    });
  }

  getVirtualMedia(target: BmcTarget, signal: AbortSignal): Promise<string | null> {
    return this.call(target, signal, async (server) => server.virtual_media);
  }

  private call<T>(target: BmcTarget, signal: AbortSignal, work: (server: ServerState, id: string) => Promise<T>): Promise<T> {
    const id = target.serverId;
    try {
      signal.throwIfAborted();
      this.dc.server(id, DRIVER);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.dc.serialized(id, async () => {
      signal.throwIfAborted();
      const server = this.dc.server(id, DRIVER);
      await this.dc.wait('bmc_call', signal);
      if (this.dc.decideFault('bmcError', id)) {
        server.faults.bmc_errors++;
        this.dc.changed(['servers', id]);
        throw new DriverError({
          code: 'device-error',
          driver: DRIVER,
          target: id,
          message: `the BMC of ${id} answered 503 Service Unavailable (injected fault, seed ${this.dc.faults.seed}); retry the call`,
        });
      }
      return work(server, id);
    });
  }

  private turnOff(server: ServerState, id: string): void {
    this.dc.stopBoot(id);
    server.power = 'off';
    server.phase = 'off';
    server.running_image = null;
    server.booted_from = null;
    this.dc.changed(['servers', id]);
  }
}
