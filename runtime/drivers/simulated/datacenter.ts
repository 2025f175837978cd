import { abortReason, systemClock, type Clock } from '../../clock/index.ts';
import { unlink } from 'node:fs/promises';
import { DriverError } from '../errors.ts';
import { normalizeMac } from '../mac.ts';
import { formatPort, type PortRef } from '../switch.ts';
import type { NetbootCompletion } from '../boot.ts';
import { DEFAULT_DURATIONS, scaledDuration, type DurationName, type DurationTable } from './durations.ts';
import { FaultInjector, type FaultEvent, type FaultKind, type FaultRates } from './faults.ts';
import {
  emptyState,
  newPortState,
  newServerState,
  type HardwareState,
  type PortStateRecord,
  type ServerState,
} from './state.ts';
import { loadStateFile, StateFileWriter } from './state-file.ts';
import { ChangeLog, type SnapshotCover } from './change-log.ts';
import { changeLogPath, type StatePath } from './change-log-format.ts';
import { startBoot, resumeAfterRestart } from './machine.ts';
import { SimulatedBmc } from './bmc.ts';
import { SimulatedBoot } from './boot.ts';
import { SimulatedSwitch } from './switch.ts';

export interface SimulatedServerSpec {
  readonly id: string;
  /** NICs that can netboot; a boot config is looked up by these. */
  readonly macs: readonly string[];
}

export interface SimulatedSwitchSpec {
  readonly id: string;
  readonly ports: readonly string[];
}

/** The hardware to simulate, normally taken from the inventory. */
export interface SimulatedTopology {
  readonly servers?: readonly SimulatedServerSpec[];
  readonly switches?: readonly SimulatedSwitchSpec[];
}

export interface SimulatedDatacenterOptions {
  /** The hardware-state file; created when missing, written only by this driver. */
  readonly statePath: string;
  /** Servers and switches that must exist; ones already in the file keep their state. */
  readonly topology?: SimulatedTopology;
  readonly clock?: Clock;
  /** Multiplies every duration: 1 real time, 0.01 a hundred times faster, 0 instant. Default 1. */
  readonly speed?: number;
  readonly durations?: Partial<DurationTable>;
  readonly seed?: number;
  readonly faults?: Partial<FaultRates>;
  /** Minimum real time between two writes of the whole state file while no `flush()` waits for one. Default 100 ms. */
  readonly writeIntervalMs?: number;
  /**
   * Each driver call (and each completion or readiness it reports) resolves
   * only once its change is on disk, appended to the change log beside the
   * state file (`<statePath>.log`), so a process killed right after a call
   * returned has not lost what the call did, as real hardware would not. On
   * for a datacenter a killable process drives (`mbp apply`);
   * off by default for in-process use on a ManualClock, whose `runUntil`
   * cannot wait for file I/O. Default false.
   */
  readonly durableCalls?: boolean;
}

export interface ReadyInfo {
  readonly serverId: string;
  readonly image: string;
  readonly bootedFrom: 'disk' | 'iscsi';
}

interface ServerRuntime {
  /** Aborts the boot flow in progress (power off, cycle). */
  boot: AbortController | null;
  /** BMC calls to one server are serialised, as a real BMC does. */
  queue: Promise<unknown>;
  readyWaiters: Set<(info: ReadyInfo) => void>;
}

/**
 * A whole simulated datacenter: servers with BMCs, a netboot service and
 * switches, sharing one state file. `bmc`, `boot` and `switch` are its
 * driver faces; `waitReady` stands in for "the OS answers".
 */
export class SimulatedDatacenter {
  readonly bmc: SimulatedBmc;
  readonly boot: SimulatedBoot;
  readonly switch: SimulatedSwitch;
  readonly clock: Clock;
  readonly speed: number;
  readonly faults: FaultInjector;
  readonly statePath: string;
  /** Live state; mutate only through this class's drivers, then call `changed(path)`. */
  readonly state: HardwareState;
  private readonly durations: DurationTable;
  private readonly writer: StateFileWriter;
  private readonly log: ChangeLog;
  /** What the snapshot being written holds of the log. */
  private writing: SnapshotCover | null = null;
  private readonly runtimes = new Map<string, ServerRuntime>();
  private readonly macOwners = new Map<string, string>();
  private readonly completionWaiters = new Map<string, Set<(c: NetbootCompletion) => void>>();
  private readonly durableCalls: boolean;
  private closed = false;

  private constructor(options: SimulatedDatacenterOptions, state: HardwareState) {
    const speed = options.speed ?? 1;
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a number >= 0, got ${speed}`);
    this.speed = speed;
    this.clock = options.clock ?? systemClock;
    this.durations = { ...DEFAULT_DURATIONS, ...options.durations };
    this.faults = new FaultInjector(options.seed ?? 0, options.faults);
    this.statePath = options.statePath;
    this.state = state;
    this.durableCalls = options.durableCalls ?? false;
    this.log = new ChangeLog(changeLogPath(options.statePath), state);
    this.writer = new StateFileWriter({
      file: options.statePath,
      serialize: () => this.serialize(),
      afterWrite: () => (this.writing === null ? Promise.resolve() : this.log.compact(this.writing)),
      intervalMs: options.writeIntervalMs ?? 100,
    });
    this.bmc = new SimulatedBmc(this);
    this.boot = new SimulatedBoot(this);
    this.switch = new SimulatedSwitch(this);
  }

  /**
   * Opens (or creates) the datacenter behind `statePath`. Servers that were
   * mid-boot when the last process stopped boot again from POST.
   */
  static async open(options: SimulatedDatacenterOptions): Promise<SimulatedDatacenter> {
    const loaded = loadStateFile(options.statePath);
    // A log without its state file belongs to a datacenter moved away: it must not replay onto a fresh one.
    if (loaded === null) await unlink(changeLogPath(options.statePath)).catch(() => undefined);
    const dc = new SimulatedDatacenter(options, loaded ?? emptyState());
    for (const [id, server] of Object.entries(dc.state.servers)) dc.indexMacs(id, server.macs);
    dc.register(options.topology ?? {});
    // Written even when nothing changed: the file exists, and the log the load replayed is folded into it.
    dc.writer.markDirty();
    for (const id of Object.keys(dc.state.servers)) resumeAfterRestart(dc, id);
    await dc.flush();
    return dc;
  }

  /** Adds servers and switch ports that are not simulated yet; existing ones are left as they are. */
  register(topology: SimulatedTopology): void {
    for (const spec of topology.servers ?? []) {
      const macs = spec.macs.map((mac) => {
        const normal = normalizeMac(mac);
        if (normal === null) throw new RangeError(`server ${spec.id}: "${mac}" is not a MAC address`);
        return normal;
      });
      const existing = this.state.servers[spec.id];
      if (existing === undefined) {
        this.indexMacs(spec.id, macs);
        this.state.servers[spec.id] = newServerState(macs);
        this.changed(['servers', spec.id]);
      } else {
        const added = macs.filter((mac) => !existing.macs.includes(mac));
        if (added.length === 0) continue;
        this.indexMacs(spec.id, added);
        existing.macs.push(...added);
        this.changed(['servers', spec.id]);
      }
    }
    for (const spec of topology.switches ?? []) {
      const sw = (this.state.switches[spec.id] ??= { ports: {} });
      for (const port of spec.ports) {
        if (sw.ports[port] !== undefined) continue;
        sw.ports[port] = newPortState();
        this.changed(['switches', spec.id, 'ports', port]);
      }
    }
  }

  /** Resolves when the server's OS answers; never, while it does not (lost readiness). */
  waitReady(serverId: string, signal: AbortSignal): Promise<ReadyInfo> {
    signal.throwIfAborted();
    const server = this.server(serverId, 'bmc/simulated');
    // Reported once the state file says so too: the caller journals the server as ready.
    const ready = this.readyInfo(serverId, server);
    if (ready !== null) return this.durable().then(() => ready);
    const waiters = this.runtime(serverId).readyWaiters;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        waiters.delete(done);
        reject(abortReason(signal));
      };
      const done = (info: ReadyInfo): void => {
        signal.removeEventListener('abort', onAbort);
        this.durable().then(() => resolve(info), reject);
      };
      waiters.add(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A deep copy of the current state, e.g. for assertions. */
  snapshot(): HardwareState {
    return structuredClone(this.state);
  }

  /** Every injected fault, in order. */
  get faultLog(): readonly FaultEvent[] {
    return this.faults.log;
  }

  /** Resolves when every change so far is in the state file (fsynced), and the log lines it holds are gone. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /**
   * What a driver call awaits before it returns: with `durableCalls`, every
   * change so far appended to the change log (one shared `write`, no fsync:
   * it must survive this process, as a real device's state survives its
   * caller); else nothing.
   */
  durable(): Promise<void> {
    return this.durableCalls ? this.log.commit() : Promise.resolve();
  }

  /** Stops every boot flow and writes the final state. */
  async close(): Promise<void> {
    this.closed = true;
    for (const runtime of this.runtimes.values()) runtime.boot?.abort();
    await this.flush();
    await this.log.close();
  }

  // ---- for the driver faces and the machine model ----

  /** Records that the entity at `path` changed: the next log append carries it, a later snapshot too. */
  changed(path: StatePath): void {
    this.writer.markDirty();
    if (this.durableCalls) this.log.mark(path);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Waits the scaled duration on the injected clock; nothing at all at speed 0. */
  async wait(name: DurationName, signal: AbortSignal): Promise<void> {
    const ms = scaledDuration(this.durations, name, this.speed);
    if (ms <= 0) {
      signal.throwIfAborted();
      return;
    }
    await this.clock.sleep(ms, signal);
  }

  server(id: string, driver: string): ServerState {
    const server = this.state.servers[id];
    if (server === undefined) {
      throw new DriverError({
        code: 'unknown-target',
        driver,
        target: id,
        message: `the simulated datacenter has no server "${id}"; servers come from the inventory (mbp inventory import) and are registered when the datacenter opens`,
      });
    }
    return server;
  }

  port(ref: PortRef, driver: string): PortStateRecord {
    const sw = this.state.switches[ref.switchId];
    if (sw === undefined) {
      throw new DriverError({ code: 'unknown-target', driver, target: formatPort(ref), message: `the simulated datacenter has no switch "${ref.switchId}"` });
    }
    const port = sw.ports[ref.port];
    if (port === undefined) {
      throw new DriverError({ code: 'unknown-target', driver, target: formatPort(ref), message: `switch "${ref.switchId}" has no port "${ref.port}"` });
    }
    return port;
  }

  /** The server owning a NIC, or an error naming the MAC. */
  serverOfMac(mac: string, driver: string): { readonly mac: string; readonly serverId: string } {
    const normal = normalizeMac(mac);
    if (normal === null) {
      throw new DriverError({ code: 'invalid-argument', driver, target: mac, message: `"${mac}" is not a MAC address (write aa:bb:cc:dd:ee:ff)` });
    }
    const serverId = this.macOwners.get(normal);
    if (serverId === undefined) {
      throw new DriverError({ code: 'unknown-target', driver, target: normal, message: `no server in the simulated datacenter has a NIC with MAC ${normal}` });
    }
    return { mac: normal, serverId };
  }

  runtime(id: string): ServerRuntime {
    let runtime = this.runtimes.get(id);
    if (runtime === undefined) {
      runtime = { boot: null, queue: Promise.resolve(), readyWaiters: new Set() };
      this.runtimes.set(id, runtime);
    }
    return runtime;
  }

  /** Runs BMC work for one server after the calls queued before it. */
  serialized<T>(id: string, work: () => Promise<T>): Promise<T> {
    const runtime = this.runtime(id);
    const result = runtime.queue.then(work, work);
    runtime.queue = result.catch(() => undefined);
    return result;
  }

  decideFault(kind: FaultKind, target: string): boolean {
    return this.faults.decide(kind, target);
  }

  /** Starts booting a powered-on server in the background (POST onwards). */
  startBoot(id: string): void {
    if (!this.closed) startBoot(this, id);
  }

  /** Stops the boot flow in progress, if any. */
  stopBoot(id: string): void {
    const runtime = this.runtime(id);
    runtime.boot?.abort();
    runtime.boot = null;
  }

  notifyReady(id: string): void {
    const server = this.state.servers[id];
    const info = server === undefined ? null : this.readyInfo(id, server);
    if (info === null) return;
    const waiters = this.runtime(id).readyWaiters;
    for (const waiter of [...waiters]) waiter(info);
    waiters.clear();
  }

  recordCompletion(completion: NetbootCompletion): void {
    this.state.completions[completion.mac] = {
      action: completion.action,
      image: completion.image,
      ok: completion.ok,
      detail: completion.detail ?? null,
    };
    this.changed(['completions', completion.mac]);
    const waiters = this.completionWaiters.get(completion.mac);
    if (waiters === undefined) return;
    this.completionWaiters.delete(completion.mac);
    for (const waiter of waiters) waiter(completion);
  }

  completionWaitersFor(mac: string): Set<(c: NetbootCompletion) => void> {
    let waiters = this.completionWaiters.get(mac);
    if (waiters === undefined) {
      waiters = new Set();
      this.completionWaiters.set(mac, waiters);
    }
    return waiters;
  }

  private readyInfo(id: string, server: ServerState): ReadyInfo | null {
    if (server.phase !== 'ready' || server.running_image === null || server.booted_from === null) return null;
    return { serverId: id, image: server.running_image, bootedFrom: server.booted_from };
  }

  private indexMacs(id: string, macs: readonly string[]): void {
    for (const mac of macs) {
      const owner = this.macOwners.get(mac);
      if (owner !== undefined && owner !== id) throw new RangeError(`MAC ${mac} belongs to both ${owner} and ${id}`);
      this.macOwners.set(mac, id);
    }
  }

  private serialize(): string {
    this.state.serial++;
    this.writing = this.log.cover();
    this.state.log_seq = this.writing.seq;
    return JSON.stringify(this.state);
  }
}
