import { DeferredCommit, findTransition, transition, type Inventory } from '../inventory/index.ts';
import type { ApplyContext } from './apply-context.ts';
import { BIND_CHECKPOINT_MS } from './bind-checkpoint.ts';

/** A server whose release started in this destroy, at `at` (ISO time). */
export interface ReleaseStart {
  readonly serverId: number;
  readonly at: string;
}

/**
 * Moves each server whose release started to `releasing`, unless it is there
 * or past it already (a resumed destroy, or this run's last commit) or can
 * no longer go there: a batch is applied again after a failed write, and a
 * release that started must not be failed by its bookkeeping.
 */
export function applyReleaseStarts(draft: Inventory, batch: readonly ReleaseStart[], reason: string, serverAt?: ReadonlyMap<number, number>): boolean {
  if (batch.length === 0) return false;
  const at = serverAt ?? new Map(draft.servers.map((s, k) => [s.id, k]));
  let changed = false;
  for (const r of batch) {
    const idx = at.get(r.serverId) ?? -1;
    const s = draft.servers[idx];
    if (s === undefined || findTransition(s.status, 'releasing') === undefined) continue;
    draft.servers[idx] = transition(s, 'releasing', reason, { at: r.at });
    changed = true;
  }
  return changed;
}

/**
 * A destroy's release checkpoints (docs/runtime.md, "Releases"): the
 * journal's `step-start` of a release is its durable record; the inventory
 * shows the server `releasing` within a second, or at the destroy's last
 * commit. Checkpoints share the binds' rate.
 */
export function releaseCheckpoint(ctx: ApplyContext, reason: string): DeferredCommit<ReleaseStart> {
  return new DeferredCommit<ReleaseStart>(ctx.store, {
    apply: (draft, batch) => applyReleaseStarts(draft, batch, reason),
    intervalMs: BIND_CHECKPOINT_MS,
    command: 'mbp destroy',
    onCommit: (serial, n) => ctx.onCommit('release', serial, `${n} server(s) releasing`),
  });
}
