import type { NodeOutcome, Outputs, SkipKind } from '../executor/index.ts';

/**
 * The run journal's records, one JSON object per line. `at` is the
 * executor clock in ms since the epoch. The format is versioned by the
 * header's `format`; readers ignore record types they do not know.
 */

export const JOURNAL_FORMAT = 1;

export interface HeaderRecord {
  readonly type: 'header';
  readonly format: typeof JOURNAL_FORMAT;
  readonly run: string;
  /** The run this one resumes (it stopped before its end), if any. */
  readonly resumes?: string;
  /**
   * The failed run whose steps left in doubt this one carries over (skipped
   * again, with its infrastructure-wide finished steps): not a resume, that
   * run had ended. Never set with `resumes`.
   */
  readonly doubtsFrom?: string;
  readonly who: string;
  readonly host: string;
  readonly pid: number;
  readonly cwd: string;
  readonly command: readonly string[];
  readonly blueprint?: { readonly path: string; readonly sha256: string };
  /** Parameter values, secrets replaced by `REDACTED`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly at: number;
}

/** Written, and handed to the OS, before the step's side effect begins. */
export interface StepStartRecord {
  readonly type: 'step-start';
  readonly id: string;
  readonly attempt: number;
  readonly idempotent: boolean;
  /** Non-idempotent steps only: what to check if a crash leaves this step in doubt. */
  readonly check?: string;
  readonly at: number;
}

/**
 * After an attempt: `interrupted` when Ctrl-C stopped it while it ran,
 * `cancelled` when it was stopped before its side effect began.
 */
export type AttemptOutcome = 'succeeded' | 'failed' | 'interrupted' | 'cancelled';

export interface StepEndRecord {
  readonly type: 'step-end';
  readonly id: string;
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  /** Already masked for secrets. */
  readonly outputs?: Outputs;
  readonly error?: string;
  readonly timedOut?: boolean;
  /** Another attempt follows after this many ms. */
  readonly retryInMs?: number;
  readonly ms: number;
  readonly at: number;
}

export interface StepSkipRecord {
  readonly type: 'step-skip';
  readonly id: string;
  readonly kind: SkipKind;
  readonly reason: string;
  readonly at: number;
}

/** Succeeded in the run this one resumes; copied so every journal stands alone. */
export interface StepResumedRecord {
  readonly type: 'step-resumed';
  readonly id: string;
  readonly outputs: Outputs;
  readonly at: number;
}

export interface LogRecord {
  readonly type: 'log';
  readonly id: string;
  readonly attempt: number;
  readonly line: string;
  readonly at: number;
}

/** An inventory commit this run made (reserve, bind, activate, release), with the serial it produced. */
export interface CommitRecord {
  readonly type: 'commit';
  readonly action: string;
  readonly serial: number;
  readonly detail?: string;
  readonly at: number;
}

export interface GroupStoppedRecord {
  readonly type: 'group-stopped';
  readonly group: string;
  readonly failedMembers: readonly string[];
  readonly maxFailures: number;
  readonly at: number;
}

export interface InterruptRecord {
  readonly type: 'interrupt';
  readonly reason: string;
  readonly at: number;
}

/**
 * A person's word on a step a run left in doubt (`mbp runs resolve`),
 * appended to that run's journal, after its run-end if it has one (which
 * reopens the run: the next apply resumes it). `done`: it happened, resume
 * skips it (with no outputs); `not-done`: it did not, resume runs it again.
 */
export interface StepResolvedRecord {
  readonly type: 'step-resolved';
  readonly id: string;
  readonly resolution: StepResolution;
  readonly who: string;
  readonly note?: string;
  readonly at: number;
}

export type StepResolution = 'done' | 'not-done';

export type RunStatus = 'succeeded' | 'failed' | 'interrupted';

export interface RunEndRecord {
  readonly type: 'run-end';
  readonly status: RunStatus;
  readonly counts: Readonly<Record<NodeOutcome, number>>;
  readonly at: number;
}

export type JournalRecord =
  | HeaderRecord
  | StepStartRecord
  | StepEndRecord
  | StepSkipRecord
  | StepResumedRecord
  | LogRecord
  | CommitRecord
  | GroupStoppedRecord
  | InterruptRecord
  | StepResolvedRecord
  | RunEndRecord;
