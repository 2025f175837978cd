import os from 'node:os';
import type { Clock } from '../clock/index.ts';
import { InventoryError, isProcessAlive, type Infrastructure, type InventoryStore, type Reservation } from '../inventory/index.ts';
import { defaultJournalDir, tidyDeadRun } from './reconcile.ts';

const holderText = (r: Reservation): string => `pid ${r.pid} on ${r.host}, since ${r.created_at}`;

/** `mbp inventory unlock RUN` names a run that holds no reservation. */
export class RunNotReservedError extends InventoryError {
  readonly code = 'run-not-reserved';
  constructor(
    readonly run: string,
    readonly reservations: readonly Reservation[],
  ) {
    super(
      reservations.length === 0
        ? `Run ${run} holds no reservation: the inventory holds none; nothing was changed.`
        : `Run ${run} holds no reservation; nothing was changed. The reservations are:\n${[...new Map(reservations.map((r) => [r.run_id, r])).values()]
            .map((r) => `  ${r.run_id}: ${reservations.filter((x) => x.run_id === r.run_id).map((x) => x.infrastructure).join(', ')} (${holderText(r)})`)
            .join('\n')}`,
      reservations.length === 0 ? 'No run holds an infrastructure: there is nothing to unlock.' : 'Give one of those run ids (`mbp inventory show` lists them too).',
    );
  }
}

/** The holder runs on this host: it is not stuck, and unlocking it would let a second run change what it is changing. */
export class RunAliveError extends InventoryError {
  readonly code = 'run-alive';
  constructor(readonly holder: Reservation) {
    super(
      `Run ${holder.run_id} is still running (${holderText(holder)}): its reservation is not stuck; nothing was changed.`,
      `Wait for it to end (\`mbp runs show ${holder.run_id}\` shows where it is), or stop it (Ctrl-C, or kill -TERM ${holder.pid}): a stopped run gives its reservation back.`,
    );
  }
}

/** The holder was written on another host, whose processes mbp cannot see; only the operator can say it is gone. */
export class RunElsewhereError extends InventoryError {
  readonly code = 'run-elsewhere';
  constructor(readonly holder: Reservation) {
    super(
      `The reservation of run ${holder.run_id} (${holderText(holder)}) was written on ${holder.host}; mbp cannot tell whether it still runs there. Nothing was changed.`,
      'If you are sure it does not, run again with --force.',
    );
  }
}

export interface UnlockOutcome {
  readonly run: string;
  /** The reservations dropped (one per infrastructure the run was changing). */
  readonly dropped: readonly Reservation[];
  /** What was done to the run's servers, one line per server (as `reconcileAbandonedRuns` reports). */
  readonly servers: readonly string[];
  /** The records of the infrastructures it was changing (what to run next depends on them), absent when it left none. */
  readonly infrastructures: readonly Pick<Infrastructure, 'name' | 'status' | 'blueprint'>[];
}

export interface UnlockOptions {
  /** Drop a reservation written on another host (the operator vouches that its run is gone). */
  readonly force?: boolean;
  /** Where the run's journal is (default: `runs/` beside the inventory file). */
  readonly journalDir?: string | undefined;
}

/**
 * `mbp inventory unlock RUN`, Terraform's `force-unlock`: tidies what a run
 * left (`tidyDeadRun`, as reconciliation does for a run whose process is
 * gone), for a run reconciliation cannot judge dead because it was written
 * on another host. Refuses, changing nothing, a run still alive on this host
 * and, without `force`, a run on another host.
 */
export async function unlockRun(store: InventoryStore, clock: Pick<Clock, 'now'>, run: string, opts: UnlockOptions = {}): Promise<UnlockOutcome> {
  const journalDir = 'journalDir' in opts ? opts.journalDir : defaultJournalDir(store);
  return store.transaction(
    (draft) => {
      const held = draft.reservations.filter((r) => r.run_id === run);
      const holder = held[0];
      if (holder === undefined) throw new RunNotReservedError(run, draft.reservations);
      if (holder.host === os.hostname()) {
        if (isProcessAlive(holder.pid)) throw new RunAliveError(holder);
      } else if (opts.force !== true) throw new RunElsewhereError(holder);
      const servers = tidyDeadRun(draft, run, new Date(clock.now()).toISOString(), journalDir);
      const names = new Set(held.map((r) => r.infrastructure));
      const infrastructures = draft.infrastructures.filter((i) => names.has(i.name)).map(({ name, status, blueprint }) => ({ name, status, blueprint }));
      return { run, dropped: held, servers, infrastructures };
    },
    { command: `mbp inventory unlock ${run}` },
  );
}
