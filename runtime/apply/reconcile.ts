import os from 'node:os';
import type { Clock } from '../clock/index.ts';
import { isProcessAlive, transition, type InventoryStore } from '../inventory/index.ts';

/** Whether the process that wrote a reservation is still running (only knowable on the same host). */
function alive(pid: number, host: string): boolean {
  return host !== os.hostname() || isProcessAlive(pid);
}

/**
 * Tidies what a killed run (SIGKILL, power loss: no activation commit) left
 * in the inventory: its reservations (one per infrastructure it deployed)
 * are dropped, servers it reserved but never bound go back to `available`,
 * and servers it bound that no infrastructure records are marked `failed`
 * with a reason saying which run left them half provisioned (an operator
 * checks them and returns them, or a destroy/retry picks them up). Returns
 * what it did, one line per server.
 */
export async function reconcileAbandonedRuns(store: InventoryStore, clock: Clock): Promise<string[]> {
  const done: string[] = [];
  await store.transaction((draft) => {
    const at = new Date(clock.now()).toISOString();
    const dead = new Set(draft.reservations.filter((r) => !alive(r.pid, r.host)).map((r) => r.run_id));
    if (dead.size === 0) return;
    const recorded = new Set(draft.infrastructures.flatMap((i) => i.instances.map((x) => x.server_id)));
    draft.servers = draft.servers.map((s) => {
      const run = s.allocation?.run_id;
      if (run === undefined || !dead.has(run) || recorded.has(s.id)) return s;
      if (s.status === 'reserved') {
        done.push(`${s.name}: reserved by killed run ${run}, never bound: available again`);
        return transition(s, 'available', `run ${run} was killed before binding it`, { at });
      }
      if (s.status === 'provisioning') {
        done.push(`${s.name}: run ${run} was killed while provisioning it: marked failed (check it, then \`mbp inventory server return ${s.name}\`)`);
        return transition(s, 'failed', `run ${run} was killed while provisioning it; its state is unknown`, { at });
      }
      return s;
    });
    draft.reservations = draft.reservations.filter((r) => !dead.has(r.run_id));
  }, { command: 'mbp apply (reconcile)' });
  return done;
}
