import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PlanTemplate } from '../../compiler/plan/index.ts';
import { lookupOsTemplate, type BootMethod, type Value, type ValueObject } from '../../stdlib/index.ts';
import { ManualClock, type Clock } from '../../runtime/clock/index.ts';
import { SimulatedDatacenter, type HardwareState, type SimulatedDatacenterOptions } from '../../runtime/drivers/index.ts';
import { resolveTemplate, simulatedAssets } from '../../runtime/apply/index.ts';
import {
  BUILTIN_HANDLERS,
  MemoryConfigServer,
  simulatedStepRuntime,
  type KeyFactory,
  type ResolvedInstance,
  type StepContext,
  type StepRuntime,
} from '../../runtime/steps/index.ts';
import { fail } from '../support/index.ts';

/** Two servers with two NICs each, on one leaf switch. */
export const TOPOLOGY = {
  servers: [
    { id: 'srv-1', macs: ['52:54:00:00:01:00', '52:54:00:00:01:01'] },
    { id: 'srv-2', macs: ['52:54:00:00:02:00', '52:54:00:00:02:01'] },
  ],
  switches: [{ id: 'leaf-1', ports: ['Ethernet1', 'Ethernet2', 'Ethernet3', 'Ethernet4'] }],
} as const;

export const ASSETS = 'https://assets.example/repo';

/** The plan's form of a built-in template, as the compiler writes it. */
export function builtinTemplate(name: string, boot: BootMethod): PlanTemplate {
  const def = lookupOsTemplate(name) ?? fail('no such built-in template', name);
  const diskless = boot === 'pxe_iscsi';
  return {
    kind: 'builtin',
    name,
    installer: def.installer,
    mechanism: diskless ? 'iscsi_root' : 'local_install',
    diskless,
    ready: def.ready.method === 'ssh' ? { method: 'ssh', port: def.ready.port, timeout_ms: def.ready.timeout } : { method: 'callback', timeout_ms: def.ready.timeout },
  };
}

export interface InstanceSpec {
  readonly server?: 1 | 2;
  readonly boot?: BootMethod;
  readonly template?: string;
  readonly array?: string;
  readonly index?: number;
  readonly vlan?: number;
}

/** A resolved instance on srv-1 or srv-2: port 0 attached to `wan` (VLAN 101 unless told), port 1 shut. */
export async function instanceOn(spec: InstanceSpec = {}): Promise<ResolvedInstance> {
  const n = spec.server ?? 1;
  const server = TOPOLOGY.servers[n - 1]!;
  const boot = spec.boot ?? 'local_drives';
  const array = spec.array ?? 'web';
  const index = spec.index ?? 0;
  const template = await resolveTemplate(builtinTemplate(spec.template ?? 'std.os.ubuntu_2404', boot), { assetRepositoryUrl: ASSETS, assets: simulatedAssets });
  return {
    id: `i-00000${n}`,
    infrastructure: 'edge',
    array,
    index,
    hostname: `${array}-${index}`,
    server: { id: server.id, serial: `SN-${n}`, type: 'M.8.32.2', rack: 'r1' },
    bmc: { serverId: server.id, address: `10.255.0.${n}` },
    ports: [
      { index: 0, mac: server.macs[0], switch: 'leaf-1', port: `Ethernet${2 * n - 1}`, network: 'wan', vlan: spec.vlan ?? 101 },
      { index: 1, mac: server.macs[1], switch: 'leaf-1', port: `Ethernet${2 * n}`, network: null, vlan: null },
    ],
    addresses: [
      { port: 0, network: 'wan', subnet: 'wan', family: 'ipv4', ip: `10.0.0.${10 + n}`, prefix: 24, gateway: '10.0.0.1' },
      { port: 0, network: 'wan', subnet: 'wan_v6', family: 'ipv6', ip: `2001:db8::${10 + n}`, prefix: 64, gateway: '2001:db8::1' },
    ],
    boot,
    template,
    vars: { role: 'web' },
    dnsServers: ['10.0.0.53'],
  };
}

export interface Sim {
  readonly dc: SimulatedDatacenter;
  readonly runtime: StepRuntime;
  readonly configs: MemoryConfigServer;
  readonly dir: string;
  readonly statePath: string;
  /** The hardware-state file as it is on disk after a flush. */
  stateFile(): Promise<HardwareState>;
  dispose(): Promise<void>;
}

/** Deterministic keys, so a test can look for them (a real run uses `nodeKeyFactory`). */
export function countingKeys(): KeyFactory & { readonly made: number } {
  let made = 0;
  return {
    get made() {
      return made;
    },
    hostKeyPair(comment) {
      made += 1;
      const body = Buffer.alloc(51, made).toString('base64');
      return {
        privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\nPRIVATE${made}${body}\n-----END OPENSSH PRIVATE KEY-----\n`,
        publicKey: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${body.slice(0, 40)} ${comment}`,
      };
    },
    token: () => `token-${made}-0123456789abcdef`,
  };
}

export async function openSim(options: Partial<Omit<SimulatedDatacenterOptions, 'statePath'>> & { keys?: KeyFactory } = {}): Promise<Sim> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  const statePath = path.join(dir, 'hardware.json');
  const { keys, ...dcOptions } = options;
  // A virtual clock by default: nothing in a test waits on real time.
  const dc = await SimulatedDatacenter.open({ topology: TOPOLOGY, speed: 0, clock: new ManualClock(0), ...dcOptions, statePath });
  const configs = new MemoryConfigServer();
  const runtime = simulatedStepRuntime(dc, { configs, ...(keys ? { keys } : {}) });
  return {
    dc,
    runtime,
    configs,
    dir,
    statePath,
    async stateFile() {
      await dc.flush();
      return JSON.parse(fs.readFileSync(statePath, 'utf8')) as HardwareState;
    },
    async dispose() {
      await dc.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `node` argument: the instance value the plan's `{ ref: ["instance"] }` evaluates to. */
export function nodeArg(instance: ResolvedInstance): ValueObject {
  return { index: instance.index, hostname: instance.hostname, ipv4: '', ipv6: '', server: { ...instance.server }, vars: instance.vars };
}

/** The plan's arguments of each default step (compiler/lower/provision.ts), for one instance. */
export function defaultArgs(kind: string, instance: ResolvedInstance): Record<string, Value> {
  const node = nodeArg(instance);
  const t = instance.template;
  switch (kind) {
    case 'std.provision.configure_ports':
      return { node, ports: instance.ports.filter((p) => p.vlan !== null).map((p) => ({ index: p.index, network: p.network })), shut: 'others' };
    case 'std.provision.prepare_boot':
      return { node, boot: instance.boot, template: t.name };
    case 'std.provision.install_os':
      return { node, template: t.name, boot: instance.boot };
    case 'std.provision.finalize':
      return { node, boot: instance.boot };
    case 'std.provision.wait_ready':
      return { node, ready: { ...t.ready } };
    default:
      return { node };
  }
}

export const DEFAULT_SEQUENCE = [
  'std.provision.configure_ports',
  'std.provision.assign_ips',
  'std.provision.power_off',
  'std.provision.prepare_boot',
  'std.provision.power_on',
  'std.provision.install_os',
  'std.provision.finalize',
  'std.provision.wait_ready',
] as const;

/**
 * Runs handlers one after another for one instance, as the executor would,
 * remembering each kind's outputs for `earlierOutputs` and the log lines
 * and generated secrets for assertions.
 */
export class Runner {
  readonly outputs = new Map<string, ValueObject>();
  readonly logs: string[] = [];
  readonly secrets: string[] = [];

  constructor(
    readonly runtime: StepRuntime,
    readonly instance: ResolvedInstance,
    private readonly clock?: Clock & { runUntil?<T>(p: Promise<T>): Promise<T> },
  ) {}

  context(kind: string, signal: AbortSignal = new AbortController().signal): StepContext {
    return {
      stepId: `edge/${this.instance.array}[${this.instance.index}]/${kind.split('.').pop()}`,
      kind,
      attempt: 1,
      signal,
      log: (line) => this.logs.push(line),
      infrastructure: this.instance.infrastructure,
      instance: this.instance,
      runtime: this.runtime,
      earlierOutputs: (k) => this.outputs.get(k),
      addSecret: (v) => this.secrets.push(v),
    };
  }

  /** Runs a handler to its end (on a ManualClock, jumping from timer to timer). */
  async step(kind: string, args: Partial<Record<string, Value>> = {}, signal?: AbortSignal): Promise<ValueObject> {
    const work = this.start(kind, args, signal);
    return this.clock?.runUntil ? this.clock.runUntil(work) : work;
  }

  /** Starts a handler with the plan's arguments (`args` overriding some); time is the test's to move. */
  async start(kind: string, args: Partial<Record<string, Value>> = {}, signal?: AbortSignal): Promise<ValueObject> {
    const handler = BUILTIN_HANDLERS[kind] ?? fail('no built-in handler', kind);
    const out = (await handler({ ...defaultArgs(kind, this.instance), ...args } as Record<string, Value>, this.context(kind, signal))) as ValueObject;
    this.outputs.set(kind, out);
    return out;
  }

  async sequence(kinds: readonly string[] = DEFAULT_SEQUENCE): Promise<void> {
    for (const k of kinds) await this.step(k);
  }
}
