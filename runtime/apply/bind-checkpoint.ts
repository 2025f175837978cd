import { DeferredCommit, findTransition, transition, type Inventory } from '../inventory/index.ts';
import type { ApplyContext, RunInstance } from './apply-context.ts';

/** At most one checkpoint of the run's binds into the inventory per second (docs/runtime.md, "Binds"). */
export const BIND_CHECKPOINT_MS = 1000;

/** An instance bound to its server by this run, at `at` (ISO time). */
export interface Binding {
  readonly instance: RunInstance;
  readonly at: string;
}

/**
 * Moves each bound server to `provisioning` for its instance, unless that is
 * done already (provisioning, or moved on by this run's activation) or no
 * longer possible (an operator quarantined a failed server meanwhile: the
 * activation then reports the instance): a batch is applied again after a
 * failed write, and nobody waits on it to report an error.
 */
export function applyBindings(draft: Inventory, batch: readonly Binding[], runId: string, serverAt: ReadonlyMap<number, number> = indexOf(draft)): boolean {
  let changed = false;
  for (const { instance: i, at } of batch) {
    const idx = serverAt.get(i.server.id) ?? -1;
    const s = draft.servers[idx];
    if (s === undefined || s.status === 'provisioning') continue;
    if (s.allocation?.run_id === runId && s.status !== 'reserved') continue;
    if (findTransition(s.status, 'provisioning') === undefined) continue;
    draft.servers[idx] = transition(s, 'provisioning', `bound to ${i.id} (${i.resolution.hostname ?? ''})`, { at, allocation: { run_id: runId, infrastructure: i.infrastructure, instance_id: i.id } });
    changed = true;
  }
  return changed;
}

const indexOf = (draft: Inventory): Map<number, number> => new Map(draft.servers.map((s, k) => [s.id, k]));

const checkpoints = new WeakMap<ApplyContext, DeferredCommit<Binding>>();

/** The run's bind checkpoints (one per apply context): binds recorded here reach the inventory within a second, or at activation. */
export function bindCheckpoint(ctx: ApplyContext): DeferredCommit<Binding> {
  let c = checkpoints.get(ctx);
  if (c === undefined) {
    c = new DeferredCommit<Binding>(ctx.store, {
      apply: (draft, batch) => applyBindings(draft, batch, ctx.runId),
      intervalMs: BIND_CHECKPOINT_MS,
      command: 'mbp apply',
      onCommit: (serial, n) => ctx.onCommit('bind', serial, `${n} binding(s)`),
    });
    checkpoints.set(ctx, c);
  }
  return c;
}
