import type { ServerStatus } from '../inventory/index.ts';

/** A preferred server as a blueprint or deploy options name it: inventory id, or name (serial number accepted). */
export type ServerRef = number | string;

/** How many servers of one type an array wants. */
export interface Demand {
  /** Server type name, as in the inventory. */
  readonly serverType: string;
  readonly count: number;
  /**
   * Preferences bound to this type (deploy options' `server_ids`): a listed
   * server of another type is skipped as `wrong_type` even when the array
   * also wants its type.
   */
  readonly preferred?: readonly ServerRef[];
}

/** Instance index → server id. */
export type Bindings = ReadonlyMap<number, number> | Readonly<Record<number, number>>;

/** One instance array of one infrastructure. */
export interface AllocationRequest {
  readonly infrastructure: string;
  readonly array: string;
  readonly datacenter: string;
  readonly demands: readonly Demand[];
  /** Every tag must be on the server. */
  readonly tags?: readonly string[];
  readonly spread?: 'rack' | 'none';
  /** Array-wide preferences, in order: each goes to the demand of its own type. */
  readonly preferred?: readonly ServerRef[];
  /** Existing bindings that stay (an already-deployed array keeps its servers). */
  readonly keep?: Bindings;
  /** Kept indexes to release (`--target`); without it scale-down removes the highest indexes. */
  readonly remove?: readonly number[];
}

export type AssignmentReason = 'kept' | 'preferred' | 'spread' | 'order';

export interface InstanceAssignment {
  readonly index: number;
  readonly serverId: number;
  readonly serverName: string;
  readonly serverType: string;
  readonly rack: string;
  readonly reason: AssignmentReason;
}

export type RemovalReason = 'targeted' | 'scale_down' | 'type_not_wanted';

/** A kept binding this change releases. */
export interface Removal {
  readonly index: number;
  readonly serverId: number;
  readonly reason: RemovalReason;
}

/** Who holds a server: another infrastructure, another array, or a request earlier in the same call. */
export interface Holder {
  readonly infrastructure: string;
  /** Known when the server is bound to an instance (or claimed by a request of this call). */
  readonly array?: string;
  /** True when the hold comes from this call (an earlier request), not from the inventory. */
  readonly inThisPlan?: boolean;
}

export type SkipReason =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'not_in_datacenter'; readonly datacenter: string; readonly wanted: string }
  | { readonly kind: 'wrong_type'; readonly serverType: string; readonly wanted: readonly string[] }
  | { readonly kind: 'missing_tags'; readonly missing: readonly string[] }
  | { readonly kind: 'used_by'; readonly infrastructure: string; readonly array?: string; readonly inThisPlan?: boolean }
  | { readonly kind: 'quarantined' }
  | { readonly kind: 'not_available'; readonly status: ServerStatus }
  | { readonly kind: 'not_needed'; readonly serverType: string };

export type SkipKind = SkipReason['kind'];

/** A preferred server that was not used, and why (never an error). */
export interface PreferenceSkip {
  readonly preference: ServerRef;
  /** The server it resolved to, unless unknown. */
  readonly serverId?: number;
  readonly serverName?: string;
  readonly reason: SkipReason;
  /** One sentence for a person, e.g. for `mbp plan`. */
  readonly message: string;
}

export interface ArrayAllocation {
  readonly infrastructure: string;
  readonly array: string;
  readonly datacenter: string;
  /** Sorted by index. Indexes a shortage left without a server are absent (see problems). */
  readonly instances: readonly InstanceAssignment[];
  readonly removed: readonly Removal[];
  readonly skipped: readonly PreferenceSkip[];
}

export type ProblemCode =
  | 'insufficient_servers'
  | 'unknown_server_type'
  | 'unknown_datacenter'
  | 'invalid_request'
  | 'invalid_keep';

/** How the servers of one type in one datacenter stand, for a shortage message. */
export interface ShortageBreakdown {
  readonly available: number;
  /** `infrastructure` or `infrastructure/array` (other arrays of the same infrastructure) → count. */
  readonly usedBy: readonly { readonly holder: Holder; readonly count: number }[];
  readonly byStatus: readonly { readonly status: ServerStatus; readonly count: number }[];
  /** Servers of the type lacking some requested tag, grouped by the tags they lack. */
  readonly missingTags: readonly { readonly missing: readonly string[]; readonly count: number }[];
  /** Bound to this array at an index this change removes. */
  readonly beingRemoved: number;
  /** With `spread = "rack"`: where the available servers are. */
  readonly availableByRack?: readonly { readonly rack: string; readonly count: number }[];
}

export interface AllocationProblem {
  readonly code: ProblemCode;
  readonly infrastructure: string;
  readonly array: string;
  readonly message: string;
  readonly serverType?: string;
  readonly datacenter?: string;
  /** For `insufficient_servers`: new servers needed, and how many of those are missing. */
  readonly needed?: number;
  readonly missing?: number;
  readonly breakdown?: ShortageBreakdown;
}

export interface AllocationResult {
  /** One per request, ordered by (infrastructure, array). */
  readonly assignments: readonly ArrayAllocation[];
  readonly problems: readonly AllocationProblem[];
}
