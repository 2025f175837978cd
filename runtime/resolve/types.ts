import type { AssignmentReason, SkipKind } from '../allocation/index.ts';
import type { InfrastructureStatus, IpFamily, NetworkKind } from '../inventory/index.ts';

/**
 * The resolution of an execution plan against an inventory snapshot: what
 * `mbp plan` shows and `mbp plan --out` saves beside the plan. Keys are
 * snake_case as in every file format of mbp; lists are sorted so the same
 * plan and inventory always give the same bytes (docs/plan-resolution.md).
 */
export const RESOLUTION_FORMAT_VERSION = '1';

/** Terraform's vocabulary: `+ create`, `~ update`, `-/+ replace`, `- delete`, and unchanged. */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'no-op';

export interface Resolution {
  readonly format_version: typeof RESOLUTION_FORMAT_VERSION;
  /** The blueprint path infrastructures are owned by (see `ownerPath`). */
  readonly owner: string;
  readonly options: ResolvedOptions;
  /** What the resolution read, so `mbp apply PLANFILE` can refuse a stale plan and name what changed. */
  readonly inventory: InventoryReads;
  readonly infrastructures: Readonly<Record<string, InfrastructureResolution>>;
  /** Deployed infrastructures this blueprint owns that it no longer declares: left alone (`mbp destroy NAME` removes them). */
  readonly orphans: readonly string[];
  readonly summary: ChangeSummary;
}

export interface ResolvedOptions {
  readonly allow_replace: boolean;
  /** `--target`, as given. */
  readonly targets: readonly string[];
  /** `--replace`, as given (absent when none). */
  readonly replace?: readonly string[];
  /** `--infrastructure`: the only infrastructure resolved, when given. */
  readonly infrastructure?: string;
  /** The infrastructure `--deploy-options` applied to, and the file as shown. */
  readonly deploy_options?: { readonly infrastructure: string; readonly source: string };
}

export type ReadCollection = 'datacenters' | 'server_types' | 'servers' | 'infrastructures';

/** One inventory object the resolution depends on, with its `version` when read (null: it did not exist). */
export interface ObjectRead {
  readonly collection: ReadCollection;
  /** The object's key: datacenter and infrastructure name, server type and server id. */
  readonly key: string | number;
  readonly version: number | null;
}

export interface InventoryReads {
  readonly serial: number;
  /** Sorted by collection, then key. */
  readonly objects: readonly ObjectRead[];
}

export interface ChangeSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly unchanged: number;
}

export interface InfrastructureResolution {
  readonly action: ChangeAction;
  readonly datacenter: string;
  /** No instance arrays: no VLANs, no servers, no addresses; its subnets are still allocated. */
  readonly empty: boolean;
  readonly networks: readonly NetworkResolution[];
  readonly subnets: readonly SubnetResolution[];
  readonly arrays: Readonly<Record<string, ArrayResolution>>;
  /** Infrastructure-wide plan steps that run (pre_deploy, post_deploy), by id; none when nothing changes. */
  readonly steps: readonly string[];
  /** The inventory's status when it is not `deployed` (the last run failed, stopped or left a step in doubt): an update that runs the steps again. */
  readonly previous_status?: Exclude<InfrastructureStatus, 'deployed'>;
}

export type VlanSource = 'pinned' | 'kept' | 'allocated';

export interface NetworkResolution {
  readonly name: string;
  readonly kind: NetworkKind;
  readonly action: ChangeAction;
  /** Null: no VLAN (an empty infrastructure provisions no network; a deleted network releases it). */
  readonly vlan: number | null;
  readonly vlan_source?: VlanSource;
  readonly previous_vlan?: number | null;
}

export type SubnetSource = 'kept' | 'allocated';

export interface SubnetResolution {
  readonly name: string;
  readonly network: string;
  readonly family: IpFamily;
  readonly action: ChangeAction;
  /** Null when it could not be allocated (see the problems) or is being deleted without a replacement. */
  readonly cidr: string | null;
  readonly prefix: number;
  /** The pool carved from. */
  readonly pool: string | null;
  readonly gateway: string | null;
  readonly source?: SubnetSource;
  /** Not declared: the datacenter's default subnet for the network's kind. */
  readonly default?: true;
  readonly previous_cidr?: string;
}

/** One attribute that differs from what is deployed, and what that does (the attribute table of docs/plan-resolution.md). */
export interface AttributeChange {
  readonly attribute: string;
  readonly effect: 'replace' | 'update' | 'scale';
  readonly from: string;
  readonly to: string;
}

export interface ArrayResolution {
  readonly action: ChangeAction;
  readonly count: number;
  /** Server type name → count, after `--deploy-options` (what the inventory records for the array). */
  readonly server_types: Readonly<Record<string, number>>;
  /** The deployed count, when the array is deployed. */
  readonly previous_count?: number;
  readonly changes: readonly AttributeChange[];
  /** Every instance the array will have, and every deployed one it loses, by index. */
  readonly instances: readonly InstanceResolution[];
  /** Preferred servers not used, and why (never an error). */
  readonly skipped: readonly SkippedPreference[];
}

export interface SkippedPreference {
  readonly preference: number | string;
  readonly server_id?: number;
  readonly server_name?: string;
  readonly reason: SkipKind;
  readonly message: string;
}

export interface ServerRefResolution {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly rack: string;
}

export interface InstanceResolution {
  readonly index: number;
  /** The persistent id of a deployed instance (absent for a new one: apply numbers it). */
  readonly instance_id?: string;
  readonly action: ChangeAction;
  /** Why the action: the attributes that changed, `count`, `--target`, … */
  readonly reasons: readonly string[];
  /** Null when it has no server (a shortage; see the problems). */
  readonly hostname: string | null;
  readonly server: ServerRefResolution | null;
  /** Why this server: kept, preferred, spread or order (absent for a deleted instance). */
  readonly allocation?: AssignmentReason;
  /** The server a replaced or deleted instance gives back. */
  readonly previous_server?: ServerRefResolution;
  readonly ips: readonly AddressResolution[];
  readonly ports: readonly PortResolution[];
  /** Plan step ids that run for this instance (deprovision and release for a deleted one). */
  readonly steps: readonly string[];
}

export interface AddressResolution {
  /** The server port (NIC index) the address is configured on. */
  readonly nic: number;
  readonly network: string;
  readonly subnet: string;
  readonly family: IpFamily;
  readonly address: string;
  readonly source: 'kept' | 'allocated';
}

export interface PortResolution {
  readonly nic: number;
  readonly switch: string;
  readonly port: string;
  /** `up` on its network's VLAN, or `down`: every port left unattached is shut. */
  readonly state: 'up' | 'down';
  readonly network: string | null;
  readonly vlan: number | null;
}

export type ProblemSeverity = 'error' | 'warning';

/** Something that stops the plan from being applied (or, as a warning, that the user should know). */
export interface ResolveProblem {
  readonly code: string;
  readonly severity: ProblemSeverity;
  readonly message: string;
  readonly infrastructure?: string;
  readonly array?: string;
  /** For `insufficient_servers`: the server type that is short, so a caller can point at the blueprint. */
  readonly serverType?: string;
  readonly hint?: string;
}

export interface ResolveOptions {
  /** `--allow-replace`: accept replacements (server type, template, boot, a subnet's shape). */
  readonly allowReplace?: boolean;
  /** `--target INSTANCE`: `ARRAY[INDEX]`, `INFRA/ARRAY[INDEX]` or a persistent instance id. */
  readonly targets?: readonly string[];
  /** `--replace INSTANCE`: reinstall these deployed instances on their servers (same address forms as `targets`). */
  readonly replace?: readonly string[];
  /** `--infrastructure NAME`: resolve only this one. */
  readonly infrastructure?: string;
  /** `--deploy-options FILE`: its text (or parsed JSON), for one infrastructure. */
  readonly deployOptions?: { readonly infrastructure: string; readonly json: unknown; readonly source: string };
  /** The path ownership is recorded under; default the plan's `blueprint.path`. */
  readonly owner?: string;
}

export interface ResolveResult {
  readonly resolution: Resolution;
  readonly problems: readonly ResolveProblem[];
}
