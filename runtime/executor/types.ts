import type { ValueObject } from '../../stdlib/index.ts';

/** What a step returns: its named outputs (`tune.stdout`), plain JSON values. */
export type Outputs = ValueObject;

/** `retry = { attempts, backoff }` of a step: `attempts` counts every try, the first included. */
export interface RetryPolicy {
  readonly attempts: number;
  /** Delay before the second attempt; it doubles for each further one. */
  readonly backoffMs: number;
  /** Ceiling of the doubled delay (default: no ceiling). */
  readonly maxBackoffMs?: number;
}

/**
 * An array's rollout: the nodes of one group belong to members (an instance,
 * by default the node itself); `maxParallel` bounds the members in flight and
 * `maxFailures` the members allowed to fail before the rollout stops.
 */
export interface GroupSpec {
  readonly name: string;
  /** The unit the limits count, e.g. the instance `edge/worker[2]`; default: the node id. */
  readonly member?: string;
  readonly maxParallel?: number;
  /** Default 0: the first failed member stops the rollout. */
  readonly maxFailures?: number;
}

/** A dependency on a whole group: every node of it has settled, and it failed at most as much as allowed. */
export interface GroupNeed {
  readonly name: string;
  /** Run even if some members failed, as long as they stayed within the group's `maxFailures`. */
  readonly tolerateFailures?: boolean;
}

export interface ExecContext {
  /** Aborted on timeout and on interruption; the reason says which. */
  readonly signal: AbortSignal;
  /** 1 for the first try. */
  readonly attempt: number;
  /** Outputs of a node that succeeded (in this run or, on resume, in the run it resumes). */
  outputsOf(id: string): Outputs | undefined;
  /** A line of step output (already masked for secrets by the step). */
  log(line: string): void;
}

/**
 * One executable unit, produced from a plan step by the plan→nodes adapter.
 * Resource keys are `class:name` (`instance:edge/worker[2]`, `bmc:srv-0042`,
 * `switch:sw-a1`, `ssh:10.0.0.5`); the executor's limits say what each class allows.
 */
export interface ExecNode {
  /** Stable across runs (the journal and resume key), e.g. `edge/worker[2]/install_os`. */
  readonly id: string;
  readonly needs?: readonly string[];
  readonly needsGroup?: readonly GroupNeed[];
  readonly resources?: readonly string[];
  /** Only waits (timers, polling): holds no resource slot while it runs. */
  readonly waitsOnly?: boolean;
  /** A run killed while this node ran may run it again (the journal's resume rule). */
  readonly idempotent: boolean;
  readonly retry?: RetryPolicy;
  /** Per attempt; on expiry the signal aborts and the attempt counts as failed. */
  readonly timeoutMs?: number;
  /**
   * How long one attempt is expected to take (the step kind's typical
   * duration, or what it took last time). Only orders the queue: among nodes
   * ready at once, the one with the longest estimated path to the end of the
   * run starts first. Nodes without it count as 0.
   */
  readonly estimateMs?: number;
  readonly group?: GroupSpec;
  /** For a non-idempotent step: what a person should check when a crash leaves it in doubt. */
  readonly check?: string;
  /** Must not depend on `this`: layers that copy a node (estimates, seed order, way back) pass `run` along unbound, so as not to keep the node copied alive. */
  run(ctx: ExecContext): Promise<Outputs>;
}

/** A node's state at the end of a run. */
export type NodeOutcome = 'succeeded' | 'failed' | 'skipped' | 'interrupted' | 'not-started';

export interface NodeResult {
  readonly id: string;
  readonly outcome: NodeOutcome;
  readonly attempts: number;
  readonly outputs?: Outputs;
  readonly error?: string;
  /** Why a node was skipped, e.g. `needs edge/worker[1]/install_os, which failed`. */
  readonly reason?: string;
  /** Taken from the run being resumed rather than run now. */
  readonly resumed?: boolean;
}

export interface GroupResult {
  readonly name: string;
  readonly members: number;
  /** In the order they failed. */
  readonly failedMembers: readonly string[];
  readonly maxFailures: number;
  /** More members failed than allowed: the members not yet started were skipped. */
  readonly stopped: boolean;
}

export interface ExecutionResult {
  /** `failed` when any node failed or was skipped, even within a group's tolerance. */
  readonly status: 'succeeded' | 'failed' | 'interrupted';
  readonly nodes: ReadonlyMap<string, NodeResult>;
  readonly groups: ReadonlyMap<string, GroupResult>;
  readonly counts: Readonly<Record<NodeOutcome, number>>;
}
