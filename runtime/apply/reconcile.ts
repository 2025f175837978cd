import path from 'node:path';
import type { Clock } from '../clock/index.ts';
import { transition, type Inventory, type InventoryStore, type Server } from '../inventory/index.ts';
import { journalPath, readJournalFile } from '../journal/index.ts';
import { reservationAlive } from './infrastructure-busy.ts';

/**
 * The servers a run's journal says it bound (succeeded `bind` steps), or
 * undefined when the journal cannot be read: then any of its servers may
 * have been touched.
 */
function journaledBinds(journalDir: string | undefined, runId: string): Set<string> | undefined {
  if (journalDir === undefined) return undefined;
  try {
    const bound = new Set<string>();
    for (const r of readJournalFile(journalPath(journalDir, runId)).records) {
      if (r.type !== 'step-end' || r.outcome !== 'succeeded' || !r.id.endsWith('/bind')) continue;
      const server = r.outputs?.['server'];
      if (typeof server === 'string') bound.add(server);
    }
    return bound;
  } catch {
    return undefined;
  }
}

/** Where a store's journals are when the caller does not say: beside its inventory file (`runs/`). */
export const defaultJournalDir = (store: InventoryStore): string | undefined => (path.isAbsolute(store.location) ? path.dirname(store.location) : undefined);

/**
 * Tidies, in the caller's transaction, what a dead run (SIGKILL, power loss,
 * a host that died: no activation commit) left in the inventory: its
 * reservations (one per infrastructure it changed) are dropped, servers it
 * reserved but never bound go back to `available`, and servers it bound that
 * no infrastructure records are marked `failed` with a reason saying which
 * run left them half provisioned (an operator checks them and returns them,
 * or a destroy/retry picks them up). Returns what it did, one line per
 * server. The caller decides the run is dead: `reconcileAbandonedRuns` for a
 * process gone on this host, `mbp inventory unlock` for an operator's word.
 *
 * Servers a record holds are left as they are, for the next apply to resume
 * on: since the reserve commit records the run's intent (docs/runtime.md,
 * "Intent"), that is every server of a killed run but the new server of a
 * moved instance, which its record keeps on the old one until the move binds.
 *
 * A run's binds reach the inventory by checkpoint (docs/runtime.md, "Binds"):
 * its journal is their durable record, so a server still `reserved` that
 * the journal says was bound is treated as bound. Without a readable
 * journal every server the run reserved is treated so (failed, for an
 * operator to check): returning a server the run may have installed to the
 * pool would be the unsafe guess.
 */
export function tidyDeadRun(draft: Inventory, run: string, at: string, journalDir: string | undefined): string[] {
  const done: string[] = [];
  const bound = journaledBinds(journalDir, run);
  const recorded = new Set(draft.infrastructures.flatMap((i) => i.instances.map((x) => x.server_id)));
  const killedWhileProvisioning = (s: Server, why: string): Server => {
    done.push(`${s.name}: run ${run} was killed while provisioning it${why}: marked failed (check it, then \`mbp inventory server return ${s.name}\`)`);
    return transition(s, 'failed', `run ${run} was killed while provisioning it; its state is unknown`, { at });
  };
  draft.servers = draft.servers.map((s) => {
    if (s.allocation?.run_id !== run || recorded.has(s.id)) return s;
    if (s.status === 'reserved') {
      if (bound !== undefined && !bound.has(s.name)) {
        done.push(`${s.name}: reserved by killed run ${run}, never bound: available again`);
        return transition(s, 'available', `run ${run} was killed before binding it`, { at });
      }
      const why = bound === undefined ? ' (its journal cannot be read, so it may have)' : ' (bound in its journal)';
      return killedWhileProvisioning(transition(s, 'provisioning', `bound by run ${run} (its journal)`, { at }), why);
    }
    if (s.status === 'provisioning') return killedWhileProvisioning(s, '');
    return s;
  });
  draft.reservations = draft.reservations.filter((r) => r.run_id !== run);
  return done;
}

/** Tidies (`tidyDeadRun`) every run whose reservation's process is gone on this host, in one transaction. Returns what it did, one line per server. */
export async function reconcileAbandonedRuns(store: InventoryStore, clock: Clock, journalDir: string | undefined = defaultJournalDir(store)): Promise<string[]> {
  return store.transaction((draft) => {
    const at = new Date(clock.now()).toISOString();
    const dead = new Set(draft.reservations.filter((r) => !reservationAlive(r)).map((r) => r.run_id));
    return [...dead].flatMap((run) => tidyDeadRun(draft, run, at, journalDir));
  }, { command: 'mbp apply (reconcile)' });
}
