import type { Outputs, ResumeState } from '../executor/index.ts';
import type { CommitRecord, HeaderRecord, JournalRecord, RunStatus, StepResolution } from './records.ts';

/** A step whose side effect may have begun: re-run (idempotent) or reported (not). */
export interface InDoubtStep {
  readonly id: string;
  readonly attempt: number;
  /** For a person: `step X may or may not have happened: check Y`. */
  readonly message: string;
}

export interface RerunStep {
  readonly id: string;
  readonly attempt: number;
  readonly why: 'was-running' | 'interrupted' | 'timed-out' | 'retry-pending';
}

export interface ResolvedStep {
  readonly id: string;
  readonly resolution: StepResolution;
  readonly who: string;
}

export interface ResumeAnalysis {
  readonly header: HeaderRecord | undefined;
  /** The run wrote its run-end record; `status` is from it. */
  readonly complete: boolean;
  readonly status: RunStatus | undefined;
  /** Succeeded (in this run or carried over from the one it resumed): skip them, with these outputs. */
  readonly finished: ReadonlyMap<string, Outputs>;
  /** Idempotent steps that were running, or interrupted, when the run ended: run them again. */
  readonly rerun: readonly RerunStep[];
  /** Non-idempotent steps that were running, or interrupted: not run again until a person checks. */
  readonly uncertain: readonly InDoubtStep[];
  /** Ended with an error; a new run tries them again. */
  readonly failed: readonly { readonly id: string; readonly error: string }[];
  /** With `nodeIds`: the nodes no attempt of which began (skipped, cancelled or never reached). */
  readonly notStarted: readonly string[];
  /** Steps a person resolved (`mbp runs resolve`) and nothing ran since: `done` ones are in `finished` (no outputs), `not-done` ones run again. */
  readonly resolved: readonly ResolvedStep[];
  readonly lastCommit: CommitRecord | undefined;
}

type StepFold =
  | { readonly state: 'running'; readonly attempt: number; readonly idempotent: boolean; readonly check: string | undefined }
  | { readonly state: 'ended'; readonly attempt: number; readonly idempotent: boolean; readonly check: string | undefined; readonly outcome: string; readonly timedOut: boolean; readonly retrying: boolean; readonly error: string; readonly outputs: Outputs | undefined }
  | { readonly state: 'resumed'; readonly outputs: Outputs }
  | { readonly state: 'uncertain'; readonly message: string }
  | { readonly state: 'resolved'; readonly resolution: StepResolution; readonly who: string }
  | { readonly state: 'skipped' };

export function inDoubtMessage(id: string, check: string | undefined): string {
  return `step ${id} may or may not have happened: check ${check ?? 'its target by hand'}, then record what you found with \`mbp runs resolve RUN ${id} --done\` (it happened) or \`--not-done\` (run it again), RUN being the latest run (\`mbp runs\`)`;
}

/**
 * What a new run does with the steps of a run that ended (or died): the
 * resume rule of DESIGN.md section 5. Records are folded in order, so a
 * journal cut at any point gives a consistent answer.
 */
export function analyzeJournal(records: readonly JournalRecord[], nodeIds?: Iterable<string>): ResumeAnalysis {
  let header: HeaderRecord | undefined;
  let status: RunStatus | undefined;
  let lastCommit: CommitRecord | undefined;
  const steps = new Map<string, StepFold>();
  for (const r of records) {
    switch (r.type) {
      case 'header':
        header ??= r;
        break;
      case 'run-end':
        status = r.status;
        break;
      case 'commit':
        lastCommit = r;
        break;
      case 'step-start':
        steps.set(r.id, { state: 'running', attempt: r.attempt, idempotent: r.idempotent, check: r.check });
        break;
      case 'step-end': {
        const before = steps.get(r.id);
        const started = before?.state === 'running' ? before : undefined;
        steps.set(r.id, {
          state: 'ended',
          attempt: r.attempt,
          idempotent: started?.idempotent ?? false,
          check: started?.check,
          outcome: r.outcome,
          timedOut: r.timedOut === true,
          retrying: r.retryInMs !== undefined,
          error: r.error ?? '',
          outputs: r.outputs,
        });
        break;
      }
      case 'step-resumed':
        steps.set(r.id, { state: 'resumed', outputs: r.outputs });
        break;
      case 'step-resolved':
        steps.set(r.id, { state: 'resolved', resolution: r.resolution, who: r.who });
        // Appended after the run-end, it reopens the run: there is work left for a resume.
        status = undefined;
        break;
      case 'step-skip':
        // A step left in doubt by an earlier run stays in doubt through any number of resumes.
        if (r.kind === 'uncertain') steps.set(r.id, { state: 'uncertain', message: r.reason });
        else if (!steps.has(r.id)) steps.set(r.id, { state: 'skipped' });
        break;
      default:
        break;
    }
  }

  const finished = new Map<string, Outputs>();
  const rerun: RerunStep[] = [];
  const uncertain: InDoubtStep[] = [];
  const failed: { id: string; error: string }[] = [];
  const resolved: ResolvedStep[] = [];
  const begun = new Set<string>();
  const inDoubt = (id: string, attempt: number, idempotent: boolean, check: string | undefined, why: RerunStep['why']): void => {
    if (idempotent) rerun.push({ id, attempt, why });
    else uncertain.push({ id, attempt, message: inDoubtMessage(id, check) });
  };
  for (const [id, s] of steps) {
    switch (s.state) {
      case 'resumed':
        finished.set(id, s.outputs);
        break;
      case 'uncertain':
        uncertain.push({ id, attempt: 0, message: s.message });
        break;
      case 'resolved':
        resolved.push({ id, resolution: s.resolution, who: s.who });
        // Happened: done, with outputs nobody saw. Did not: as if never started, so it runs.
        if (s.resolution === 'not-done') continue;
        finished.set(id, {});
        break;
      case 'running':
        inDoubt(id, s.attempt, s.idempotent, s.check, 'was-running');
        break;
      case 'ended':
        if (s.outcome === 'succeeded') finished.set(id, s.outputs ?? {});
        else if (s.outcome === 'cancelled') continue;
        else if (s.outcome === 'interrupted') inDoubt(id, s.attempt, s.idempotent, s.check, 'interrupted');
        // The attempt reported its failure; the retry it was waiting for is due.
        else if (s.retrying) rerun.push({ id, attempt: s.attempt, why: 'retry-pending' });
        // Given up on, not finished: its effect may still have happened.
        else if (s.timedOut && !s.idempotent) uncertain.push({ id, attempt: s.attempt, message: inDoubtMessage(id, s.check) });
        else failed.push({ id, error: s.error });
        break;
      case 'skipped':
        continue;
    }
    begun.add(id);
  }
  const notStarted = nodeIds === undefined ? [] : [...nodeIds].filter((id) => !begun.has(id));
  return { header, complete: status !== undefined, status, finished, rerun, uncertain, failed, notStarted, resolved, lastCommit };
}

/** The executor's `resume` option for a run that continues the analysed one. */
export function resumeStateOf(analysis: ResumeAnalysis): ResumeState {
  return { done: analysis.finished, uncertain: new Map(analysis.uncertain.map((u) => [u.id, u.message])) };
}
