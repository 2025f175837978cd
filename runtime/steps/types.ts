import type { PlanReady } from '../../compiler/plan/index.ts';
import type { BootMethod, InstallerKind, StepHandler, StepRunContext, ValueObject } from '../../stdlib/index.ts';
import type { Clock } from '../clock/index.ts';
import type { BmcDriver, BmcTarget, BootDriver, SwitchDriver } from '../drivers/index.ts';
import type { AccessKeys, KeyFactory } from './host-keys.ts';
import type { ConfigServer } from './config-server.ts';
import type { ReadinessProbe } from './readiness.ts';
import type { Masker } from '../secrets/index.ts';

/*
 * What the step handlers need to know about an instance, resolved from the
 * plan and the inventory before the run (runtime/resolve does the work,
 * runtime/apply maps it onto these types). Handlers read nothing else: no
 * inventory, no plan, so they can be tested against a datacenter alone.
 */

/** One NIC of the server, and what the blueprint makes of it. */
export interface ResolvedPort {
  /** NIC index on the server (`port N { … }` in a blueprint). */
  readonly index: number;
  /** Lower case with colons. */
  readonly mac: string;
  readonly switch: string;
  readonly port: string;
  /** The network it joins; null when the blueprint leaves it unattached. */
  readonly network: string | null;
  /** The untagged VLAN it joins; null: the port is shut (admin down, no VLAN). */
  readonly vlan: number | null;
}

/** One address given to the instance: each attached port gets one from each subnet of its network. */
export interface ResolvedAddress {
  /** The NIC index the address lives on. */
  readonly port: number;
  readonly network: string;
  readonly subnet: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly ip: string;
  /** The subnet's prefix length. */
  readonly prefix: number;
  readonly gateway: string;
}

/** An asset of the datacenter's asset repository. */
export interface ResolvedAsset {
  /** Path in the repository: what a boot config and the hardware state name as the image. */
  readonly path: string;
  readonly url: string;
  readonly sha256: string;
}

/** A file the installer (or a diskless OS on first boot) fetches, a `render` template filled at prepare_boot. */
export interface InstallerFile {
  /** Relative to the instance's config base URL, `/`-separated, no leading slash. */
  readonly path: string;
  readonly template: string;
}

/** The OS template of an instance, with everything the boot needs looked up. */
export interface ResolvedTemplate {
  /** As the plan names it: `std.os.rocky_9`, or an os_template's name. */
  readonly name: string;
  /** The built-in template it is (or is based on). */
  readonly base: string;
  readonly installer: InstallerKind;
  readonly diskless: boolean;
  readonly kernel: ResolvedAsset;
  readonly initrd: ResolvedAsset;
  /** Written to disk by the installer, or cloned into the iSCSI volume when diskless. */
  readonly image: ResolvedAsset;
  readonly files: readonly InstallerFile[];
  /** The file of `files` the kernel command line points the installer at. */
  readonly entry: string;
  readonly ready: PlanReady;
}

/** The physical server bound to the instance, as the `instance.server` value shows it. */
export interface ResolvedServer {
  /** The id the drivers know the server by (the inventory's server `name`, e.g. `srv-0042`). */
  readonly id: string;
  readonly serial: string;
  readonly type: string;
  readonly rack: string;
}

export interface ResolvedInstance {
  /** Persistent instance id (`i-000042`): names its iSCSI volume and its installer files. */
  readonly id: string;
  readonly infrastructure: string;
  readonly array: string;
  readonly index: number;
  readonly hostname: string;
  readonly server: ResolvedServer;
  readonly bmc: BmcTarget;
  /** Every NIC of the server, attached or not (an unattached one is shut). Its MACs are the ones that netboot. */
  readonly ports: readonly ResolvedPort[];
  /** In the order `instance.ipv4`/`ipv6` pick from: the first of each family is the instance's address. */
  readonly addresses: readonly ResolvedAddress[];
  readonly boot: BootMethod;
  readonly template: ResolvedTemplate;
  /** Infrastructure, array and instance `vars` merged. */
  readonly vars: ValueObject;
  /** The datacenter's resolvers (the `dns_servers` template variable). */
  readonly dnsServers: readonly string[];
}

/** The drivers and services the handlers act through; all injected so tests can swap them. */
export interface StepRuntime {
  readonly bmc: BmcDriver;
  readonly boot: BootDriver;
  readonly switch: SwitchDriver;
  readonly readiness: ReadinessProbe;
  readonly clock: Clock;
  readonly keys: KeyFactory;
  readonly accessKeys: AccessKeys;
  readonly configs: ConfigServer;
}

/** What a handler gets besides its arguments (the stdlib's `StepRunContext`, extended). */
export interface StepContext extends StepRunContext {
  readonly kind: string;
  /** 1 for the first try. */
  readonly attempt: number;
  readonly infrastructure: string;
  /** The instance a per-instance step runs for. */
  readonly instance: ResolvedInstance | undefined;
  readonly runtime: StepRuntime;
  /**
   * Outputs of the same instance's latest step of `kind` that comes before
   * this one in the plan (e.g. install_os reading what prepare_boot
   * generated), if it succeeded in this run or the one it resumes.
   */
  earlierOutputs(kind: string): ValueObject | undefined;
  /** A value the handler made that must never show (a private key, a token): masked from now on in every output, log and error. */
  addSecret(value: string): void;
  /** The run's secret values so far, for drivers that must mask before they encode (a body quoted as JSON in an error). */
  readonly secrets?: () => readonly string[];
  /** The run's compiled masker as of now (every secret it has seen): what the SSH and HTTP drivers mask with, instead of `secrets` (which they would compile again per request). */
  readonly masker?: () => Masker;
}

/** A run-time step implementation; it returns the step's outputs as an object. */
export type RuntimeStepHandler = StepHandler<StepContext>;

/** Handlers by step kind (`std.provision.install_os`, `mbp.instance.release`). */
export type HandlerTable = Readonly<Record<string, RuntimeStepHandler>>;
