import { IllegalTransitionError } from './errors.ts';
import type { Server, ServerAllocation, ServerStatus } from './types.ts';

/**
 * The server lifecycle as data: every legal status change, who may make it,
 * and when it happens. Docs and tests enumerate this table; `transition` is
 * the only code that changes a server's status.
 */

export type Actor = 'runtime' | 'operator';

export interface LifecycleTransition {
  readonly from: ServerStatus;
  readonly to: ServerStatus;
  readonly by: readonly Actor[];
  readonly when: string;
}

const runtime: readonly Actor[] = ['runtime'];
const operator: readonly Actor[] = ['operator'];
const both: readonly Actor[] = ['runtime', 'operator'];

export const SERVER_TRANSITIONS: readonly LifecycleTransition[] = [
  { from: 'available', to: 'reserved', by: runtime, when: 'a run reserves it for an instance (apply, before pre_deploy)' },
  { from: 'reserved', to: 'provisioning', by: runtime, when: 'it is bound to an instance and provisioning starts' },
  { from: 'reserved', to: 'available', by: runtime, when: 'the reservation is given back before binding (a run stopped, or on_failure = "release")' },
  { from: 'reserved', to: 'releasing', by: runtime, when: 'its instance is removed before provisioning reached it (destroy after a failed rollout); wiped like any other, as the BMC may have touched it' },
  { from: 'provisioning', to: 'active', by: runtime, when: 'the instance is ready' },
  { from: 'provisioning', to: 'failed', by: runtime, when: 'a provisioning step failed' },
  { from: 'provisioning', to: 'releasing', by: runtime, when: 'the instance is removed before it was ready (scale-down, destroy)' },
  { from: 'active', to: 'provisioning', by: runtime, when: 'the instance is reinstalled in place' },
  { from: 'active', to: 'releasing', by: runtime, when: 'the instance is removed (scale-down, destroy)' },
  { from: 'active', to: 'failed', by: runtime, when: 'the server stopped working under an instance' },
  { from: 'releasing', to: 'cleaning', by: runtime, when: 'it is unbound; ports shut, disks being wiped' },
  { from: 'releasing', to: 'failed', by: runtime, when: 'releasing failed (BMC or switch error)' },
  { from: 'cleaning', to: 'available', by: runtime, when: 'disks wiped; back in the pool' },
  { from: 'cleaning', to: 'failed', by: runtime, when: 'cleaning failed' },
  { from: 'failed', to: 'provisioning', by: runtime, when: 'a retry (on_failure = "keep" kept it for the instance)' },
  { from: 'failed', to: 'releasing', by: runtime, when: 'it is given back (on_failure = "release", or destroy)' },
  { from: 'failed', to: 'quarantined', by: both, when: 'repeated failures (runtime), or an operator takes it out of service' },
  { from: 'failed', to: 'maintenance', by: operator, when: 'an operator repairs it (only once no infrastructure holds it)' },
  { from: 'failed', to: 'available', by: operator, when: 'an operator returns it after checking it (only once no infrastructure holds it)' },
  { from: 'failed', to: 'retired', by: operator, when: 'an operator decommissions it' },
  { from: 'available', to: 'maintenance', by: operator, when: 'an operator takes it out for work' },
  { from: 'available', to: 'quarantined', by: operator, when: 'an operator suspects it' },
  { from: 'available', to: 'retired', by: operator, when: 'an operator decommissions it' },
  { from: 'maintenance', to: 'available', by: operator, when: 'an operator returns it' },
  { from: 'maintenance', to: 'quarantined', by: operator, when: 'an operator suspects it' },
  { from: 'maintenance', to: 'retired', by: operator, when: 'an operator decommissions it' },
  { from: 'quarantined', to: 'available', by: operator, when: 'an operator returns it (only an operator can)' },
  { from: 'quarantined', to: 'maintenance', by: operator, when: 'an operator repairs it' },
  { from: 'quarantined', to: 'retired', by: operator, when: 'an operator decommissions it' },
];

/** Operator commands (`mbp inventory server ACTION ID`) and the status each leads to. */
export const OPERATOR_ACTIONS = {
  quarantine: 'quarantined',
  return: 'available',
  maintenance: 'maintenance',
  retire: 'retired',
} as const satisfies Record<string, ServerStatus>;

export type OperatorAction = keyof typeof OPERATOR_ACTIONS;

export function findTransition(from: ServerStatus, to: ServerStatus): LifecycleTransition | undefined {
  return SERVER_TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export function allowedTransitions(from: ServerStatus, actor: Actor = 'runtime'): ServerStatus[] {
  return SERVER_TRANSITIONS.filter((t) => t.from === from && t.by.includes(actor)).map((t) => t.to);
}

export interface TransitionOptions {
  /** Default `runtime`; operator-only moves (such as leaving quarantine) need `operator`. */
  readonly actor?: Actor;
  /** ISO time of the change; when absent any previous time is dropped rather than left stale. */
  readonly at?: string;
  /** Who holds the server now; required when it becomes `reserved`. */
  readonly allocation?: ServerAllocation;
}

/**
 * The server after a status change (a new object; the input is untouched).
 * Throws IllegalTransitionError for a change the table does not allow to that
 * actor. Becoming `failed` counts a failure; becoming `available` clears the
 * allocation; an operator's return also resets the failure count.
 */
export function transition(server: Server, to: ServerStatus, reason: string, opts: TransitionOptions = {}): Server {
  const actor = opts.actor ?? 'runtime';
  const t = findTransition(server.status, to);
  if (t === undefined || !t.by.includes(actor)) {
    const why = t === undefined ? undefined : `only ${t.by.join(' or ')} can do that`;
    throw new IllegalTransitionError(server.id, server.status, to, allowedTransitions(server.status, actor), why);
  }
  if (to === 'reserved' && opts.allocation === undefined) {
    throw new IllegalTransitionError(server.id, server.status, to, allowedTransitions(server.status, actor), 'a reservation must say who holds it');
  }
  const next: Server = { ...server, status: to, status_reason: reason };
  if (opts.at === undefined) delete next.status_changed_at;
  else next.status_changed_at = opts.at;
  if (to === 'failed') next.failure_count = server.failure_count + 1;
  if (to === 'available') {
    next.allocation = null;
    if (actor === 'operator') next.failure_count = 0;
  }
  if (opts.allocation !== undefined) next.allocation = { ...opts.allocation };
  return next;
}
