import { failpoint } from '../failpoints/index.ts';
import type { ExecEvent, ExecObserver, ExecutionResult, Outputs, StartEvent } from '../executor/index.ts';
import type { JournalRecord } from './records.ts';
import type { JournalWriter } from './writer.ts';

/** Reached after a step-start record is written (and synced, with fsync always) and before the step's side effect. */
export const FAILPOINT_AFTER_APPEND = 'journal.after-append-before-effect';

export interface JournalObserverOptions {
  /** Applied to outputs before they are written; the caller's secret masking. */
  readonly maskOutputs?: (id: string, outputs: Outputs) => Outputs;
  /** Write `log` records (step output lines); default true. */
  readonly logs?: boolean;
}

/**
 * Connects an executor to a journal: one record per event, the step-start
 * record written before the side effect and, with `fsync: 'always'`, synced
 * before it too. A write that fails stops the run (the executor treats an
 * observer's throw as fatal).
 */
export function journalObserver(journal: JournalWriter, options: JournalObserverOptions = {}): ExecObserver {
  const mask = options.maskOutputs ?? ((_id: string, o: Outputs) => o);
  const logs = options.logs ?? true;
  const always = journal.fsync === 'always';
  return {
    onEvent(e: ExecEvent): void {
      const record = toRecord(e, mask, logs);
      if (record !== undefined) journal.append(record);
    },
    async beforeEffect(_e: StartEvent): Promise<void> {
      if (always) await journal.durable();
      await failpoint(FAILPOINT_AFTER_APPEND);
    },
  };
}

/** The run-end record's content, from the executor's result. */
export function runEndOf(result: ExecutionResult, at: number): { status: ExecutionResult['status']; counts: ExecutionResult['counts']; at: number } {
  return { status: result.status, counts: result.counts, at };
}

function toRecord(e: ExecEvent, mask: (id: string, o: Outputs) => Outputs, logs: boolean): JournalRecord | undefined {
  switch (e.type) {
    case 'start':
      return e.check !== undefined && !e.idempotent
        ? { type: 'step-start', id: e.id, attempt: e.attempt, idempotent: e.idempotent, check: e.check, at: e.at }
        : { type: 'step-start', id: e.id, attempt: e.attempt, idempotent: e.idempotent, at: e.at };
    case 'success':
      return { type: 'step-end', id: e.id, attempt: e.attempt, outcome: 'succeeded', outputs: mask(e.id, e.outputs), ms: e.durationMs, at: e.at };
    case 'retry':
      return { type: 'step-end', id: e.id, attempt: e.attempt, outcome: 'failed', error: e.error, ...(e.timedOut ? { timedOut: true } : {}), retryInMs: e.delayMs, ms: e.durationMs, at: e.at };
    case 'failure':
      return { type: 'step-end', id: e.id, attempt: e.attempt, outcome: 'failed', error: e.error, ...(e.timedOut ? { timedOut: true } : {}), ms: e.durationMs, at: e.at };
    case 'stopped':
      return { type: 'step-end', id: e.id, attempt: e.attempt, outcome: e.ran ? 'interrupted' : 'cancelled', error: e.error, ms: e.durationMs, at: e.at };
    case 'skip':
      return { type: 'step-skip', id: e.id, kind: e.kind, reason: e.reason, at: e.at };
    case 'resumed':
      return { type: 'step-resumed', id: e.id, outputs: mask(e.id, e.outputs), at: e.at };
    case 'log':
      return logs ? { type: 'log', id: e.id, attempt: e.attempt, line: e.line, at: e.at } : undefined;
    case 'group-stopped':
      return { type: 'group-stopped', group: e.group, failedMembers: e.failedMembers, maxFailures: e.maxFailures, at: e.at };
    case 'interrupt':
      return { type: 'interrupt', reason: e.reason, at: e.at };
  }
}
