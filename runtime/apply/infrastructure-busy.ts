import os from 'node:os';
import { isProcessAlive, type Inventory, type Reservation } from '../inventory/index.ts';

/** Whether the process that wrote a reservation is still running (only knowable on its own host: elsewhere it is assumed to be). */
export function reservationAlive(r: Pick<Reservation, 'pid' | 'host'>): boolean {
  return r.host !== os.hostname() || isProcessAlive(r.pid);
}

/**
 * Another run is changing the infrastructure: an apply or a destroy of it
 * holds a reservation and its process is alive. Exit 3, as for the
 * inventory lock: the same "someone else has it, try again later" that
 * Terraform's state lock gives.
 */
export class InfrastructureBusyError extends Error {
  override readonly name = 'InfrastructureBusyError';
  readonly exitCode = 3;
  readonly hint: string;
  constructor(
    readonly infrastructure: string,
    readonly holder: Reservation,
  ) {
    super(`infrastructure ${infrastructure} is being changed by run ${holder.run_id} (pid ${holder.pid} on ${holder.host}, since ${holder.created_at}); nothing was changed`);
    this.hint =
      holder.host === os.hostname()
        ? `wait for that run to end (mbp runs show ${holder.run_id} shows where it is), then run this again`
        : `wait for that run to end on ${holder.host}, then run this again; if ${holder.host} is gone and the run with it, \`mbp inventory unlock ${holder.run_id} --force\` drops its reservation`;
  }
}

/**
 * One run per infrastructure at a time. Two applies of one blueprint would
 * each reserve servers for the same instances and the last activation would
 * forget the other's; an apply beside a destroy would provision what is
 * being released. Called inside the transaction that takes the run's own
 * reservation, so two runs starting together cannot both pass. A
 * reservation whose process is gone does not count: the next apply
 * reconciles it. Returns `inventory`, to check in passing.
 */
export function assertInfrastructuresFree(inventory: Inventory, infrastructures: Iterable<string>, runId: string): Inventory {
  const wanted = new Set(infrastructures);
  for (const r of inventory.reservations) {
    if (r.run_id !== runId && wanted.has(r.infrastructure) && reservationAlive(r)) throw new InfrastructureBusyError(r.infrastructure, r);
  }
  return inventory;
}

/**
 * Takes the run's reservation on each infrastructure it changes (with the
 * servers it holds there; a destroy holds none), once no other live run
 * holds one: inside the caller's transaction, so that two runs starting
 * together cannot both pass.
 */
export function holdInfrastructures(draft: Inventory, runId: string, at: string, holds: readonly { readonly infrastructure: string; readonly servers: readonly number[] }[]): void {
  assertInfrastructuresFree(draft, holds.map((h) => h.infrastructure), runId);
  for (const h of holds) {
    draft.reservations.push({ run_id: runId, pid: process.pid, host: os.hostname(), infrastructure: h.infrastructure, created_at: at, servers: [...h.servers], subnets: [], vlans: [], ips: [], version: 0 });
  }
}
