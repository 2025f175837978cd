import type { StepResource, Value } from '../../stdlib/index.ts';
import type { Ir } from './ir.ts';

/**
 * The execution plan (docs/plan.md; JSON Schema in plan.schema.json). Keys
 * are snake_case as in every file format of mbp; `planToJson` writes them
 * sorted, so the same blueprint and inputs give a byte-identical plan.
 */
export const PLAN_FORMAT_VERSION = '1';

export interface Plan {
  readonly format_version: typeof PLAN_FORMAT_VERSION;
  readonly blueprint: PlanBlueprint;
  /** Every param of the program, by name, with the value the plan was compiled with. */
  readonly params: Readonly<Record<string, PlanParam>>;
  /** Every secret the program declares: only names and types, never a value (values are `{ "secret": NAME }`). */
  readonly secrets: Readonly<Record<string, PlanSecret>>;
  readonly infrastructures: Readonly<Record<string, PlanInfrastructure>>;
  /** Top-level `output`s of the entry file. */
  readonly outputs: Readonly<Record<string, Ir>>;
  /** The deploy DAG, in the order the executor should prefer among ready steps. */
  readonly steps: readonly PlanStep[];
  /** The way back (`mbp destroy`): pre_destroy, deprovision, releases. */
  readonly destroy: { readonly steps: readonly PlanStep[] };
}

export interface PlanBlueprint {
  /** The entry file, relative to the working directory, `/`-separated. */
  readonly path: string;
  /** SHA-256 (hex) of the entry file. */
  readonly sha256: string;
  /** Every source file of the program (the entry and its imports), sorted by path. */
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
}

export interface PlanParam {
  /** The declared type as written in the language: `int`, `list(ip)`. */
  readonly type: string;
  readonly value: Value;
  /** True when the value came from `--param`/`--params` rather than the default. */
  readonly given: boolean;
  /** `sensitive = true`: the runtime masks the value in output, logs and the journal. */
  readonly sensitive?: true;
}

export interface PlanSecret {
  readonly type: string;
}

export type OnFailure = 'keep' | 'release';
export type NetworkKind = 'wan' | 'san' | 'lan';
export type BootMethod = 'local_drives' | 'pxe_iscsi';

export interface PlanInfrastructure {
  readonly datacenter: string;
  readonly on_failure: OnFailure;
  readonly prevent_destroy: boolean;
  readonly vars: Ir;
  readonly networks: Readonly<Record<string, PlanNetwork>>;
  readonly arrays: Readonly<Record<string, PlanArray>>;
  /** Every infrastructure and array hook, sorted by (phase, level, id). */
  readonly hooks: readonly PlanHook[];
  readonly outputs: Readonly<Record<string, Ir>>;
  /** No instance arrays: no VLANs, no servers; its subnets are still allocated. */
  readonly empty: boolean;
  readonly source: SourceLocation;
}

export interface PlanNetwork {
  readonly kind: NetworkKind;
  /** Pinned VLAN id; absent: allocated from the datacenter's range. */
  readonly vlan?: number;
  /** Made up because the infrastructure declares no network at all: it carries the default WAN subnet. */
  readonly implicit?: true;
  readonly subnets: Readonly<Record<string, PlanSubnet>>;
}

export interface PlanSubnet {
  readonly family: 'ipv4' | 'ipv6';
  /** Absent: the datacenter's default prefix for the network kind and family (known at plan time). */
  readonly prefix?: number;
  /** The block to carve from; absent: the datacenter's pools for the network kind. */
  readonly pool?: string;
  /** Not declared: the default subnet of a `wan` or `san` network that declares none (named after its network). */
  readonly default?: true;
}

export interface PlanDemand {
  readonly server_type: string;
  readonly count: number;
}

export interface PlanPort {
  readonly index: number;
  readonly network: string;
}

export type PlanTemplate =
  | {
      readonly kind: 'builtin';
      readonly name: string;
      readonly installer: string;
      /** `local_install` (installer onto the drives, then boot from disk) or `iscsi_root` (diskless). */
      readonly mechanism: TemplateMechanism;
      readonly diskless: boolean;
      readonly ready: PlanReady;
    }
  | {
      readonly kind: 'custom';
      readonly name: string;
      readonly base: string;
      readonly installer: string;
      readonly mechanism: TemplateMechanism;
      readonly diskless: boolean;
      readonly boot_methods: readonly BootMethod[];
      readonly assets: Readonly<Record<string, PlanAsset>>;
      readonly vars: Ir;
      readonly ready: PlanReady;
      /** Its own steps, by name in written order; they run after `wait_ready` (ids `…/template/NAME`). */
      readonly steps: readonly string[];
    };

export type TemplateMechanism = 'local_install' | 'iscsi_root';

export interface PlanAsset {
  readonly path: string;
  readonly content?: Ir;
  readonly url?: string;
  readonly sha256?: string;
  readonly mode: string;
}

export type PlanReady =
  | { readonly method: 'ssh'; readonly port: number; readonly timeout_ms: number }
  | { readonly method: 'callback'; readonly timeout_ms: number };

export interface PlanInstance {
  readonly index: number;
  /** The hostname; a literal unless it reads run-time values. */
  readonly hostname: Ir;
  /** Infrastructure, array and instance `vars` merged, the narrower winning. */
  readonly vars: Ir;
}

export interface PlanArray {
  readonly count: number;
  /** In the order written (a split assigns indexes to its first type first). */
  readonly demands: readonly PlanDemand[];
  readonly tags: readonly string[];
  readonly spread: 'none' | 'rack';
  /** Preferred servers (inventory id or name), in order; only an allocation priority. */
  readonly preferred: readonly (number | string)[];
  readonly boot: BootMethod;
  readonly template: PlanTemplate;
  /** Attached ports by index; every other port of the server is shut. */
  readonly ports: readonly PlanPort[];
  readonly shut: 'others';
  /** The hostname pattern (reads `instance.index`). */
  readonly hostname: Ir;
  readonly instances: readonly PlanInstance[];
  readonly rollout: { readonly max_parallel?: number; readonly max_failures: number };
  readonly provision: { readonly kind: 'default' } | { readonly kind: 'workflow'; readonly workflow: string; readonly hook: string };
  /** The rollout group of the array's per-instance steps: `INFRA/ARRAY`. */
  readonly group: string;
  readonly source: SourceLocation;
}

export type HookPhase = 'pre_deploy' | 'provision' | 'post_deploy' | 'pre_destroy' | 'deprovision';

export interface PlanHook {
  /** `edge/pre_deploy/vips`; per-instance phases use the array: `edge/worker/deprovision/drain`. */
  readonly id: string;
  readonly phase: HookPhase;
  readonly level: number;
  /** The workflow it runs, as written (`k8s.join`). */
  readonly workflow: string;
  /** The hook runs only when true (evaluated at run time); absent: always. */
  readonly when?: Ir;
  readonly timeout_ms?: number;
  /** Its workflow's outputs, readable by later hooks as `{ "hook_output": [id, name] }`. */
  readonly outputs: Readonly<Record<string, Ir>>;
  readonly source: SourceLocation;
}

export type StepPhase = 'pre_deploy' | 'provision' | 'post_deploy' | 'pre_destroy' | 'deprovision';

export interface PlanStep {
  /** Stable across compilations: `edge/worker[2]/install_os`, `edge/pre_deploy/vips/api`. */
  readonly id: string;
  /** A stdlib step kind (`std.ssh.exec`) or a built-in one (`mbp.instance.bind`). */
  readonly kind: string;
  readonly phase: StepPhase;
  readonly infrastructure: string;
  /** The instance a per-instance step runs for. */
  readonly target?: { readonly array: string; readonly index: number };
  /** By parameter name, defaults filled in. */
  readonly args: Readonly<Record<string, Ir>>;
  /** Steps that must have succeeded first. */
  readonly needs: readonly string[];
  /** Rollout groups (`INFRA/ARRAY`) that must have settled within their `max_failures` first (post_deploy). */
  readonly needs_groups?: readonly string[];
  /** The rollout group (`INFRA/ARRAY`) of a per-instance step. */
  readonly group?: string;
  /** The hook the step belongs to. */
  readonly hook?: string;
  /** The hook's run level. */
  readonly level?: number;
  readonly retry?: PlanRetry;
  readonly timeout_ms?: number;
  /** Runs only when true; a false `when` skips the step as done, with no outputs. */
  readonly when?: Ir;
  /** Deferred expansion: one step per element, ids `ID[key]`, with `each.key`/`each.value`. */
  readonly for_each?: Ir;
  readonly idempotent: boolean;
  readonly resource: StepResource;
  readonly waits_only: boolean;
  readonly source: SourceLocation;
}

export interface PlanRetry {
  readonly attempts: number;
  readonly backoff_ms: number;
  readonly max_backoff_ms: number;
}

export interface SourceLocation {
  /** Relative to the working directory, `/`-separated. */
  readonly file: string;
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}
