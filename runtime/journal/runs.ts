import fs from 'node:fs';
import path from 'node:path';
import type { Outputs } from '../executor/index.ts';
import { compareRunsNewestFirst, isRunId, JOURNAL_EXTENSION, journalPath, runsDirectory } from './layout.ts';
import { readJournalFile } from './reader.ts';
import type { AttemptOutcome, HeaderRecord, JournalRecord, RunEndRecord, RunStatus } from './records.ts';

/** For `mbp runs` and `mbp runs show`. `incomplete`: no run-end record (still running, or killed). */
export type RunState = RunStatus | 'incomplete';

export interface AttemptHistory {
  readonly attempt: number;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly outcome?: AttemptOutcome;
  readonly error?: string;
  readonly timedOut?: boolean;
  readonly durationMs?: number;
}

export type StepFinal = 'succeeded' | 'failed' | 'skipped' | 'resumed' | 'interrupted' | 'cancelled' | 'running' | 'retrying' | 'resolved';

export interface StepHistory {
  readonly id: string;
  readonly final: StepFinal;
  readonly attempts: readonly AttemptHistory[];
  readonly outputs?: Outputs;
  readonly logs: readonly string[];
  /** Why it was skipped, or how a person resolved it. */
  readonly reason?: string;
}

export interface RunSummary {
  readonly id: string;
  readonly file: string;
  readonly header: HeaderRecord | undefined;
  readonly state: RunState;
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
  /** Steps by their state at the end of the journal. */
  readonly steps: Readonly<Partial<Record<StepFinal, number>>>;
  readonly torn: boolean;
}

export interface RunDetail extends RunSummary {
  readonly records: readonly JournalRecord[];
  /** In the order each step first appears. */
  readonly stepHistory: readonly StepHistory[];
}

interface MutableStep {
  id: string;
  final: StepFinal;
  attempts: { -readonly [K in keyof AttemptHistory]: AttemptHistory[K] }[];
  outputs?: Outputs;
  logs: string[];
  reason?: string;
}

/** Every step's attempts, outputs and log lines, from the records. */
export function stepHistoryOf(records: readonly JournalRecord[]): StepHistory[] {
  const steps = new Map<string, MutableStep>();
  const step = (id: string): MutableStep => {
    let s = steps.get(id);
    if (s === undefined) steps.set(id, (s = { id, final: 'running', attempts: [], logs: [] }));
    return s;
  };
  for (const r of records) {
    switch (r.type) {
      case 'step-start': {
        const s = step(r.id);
        s.final = 'running';
        s.attempts.push({ attempt: r.attempt, startedAt: r.at });
        break;
      }
      case 'step-end': {
        const s = step(r.id);
        const a = s.attempts.find((x) => x.attempt === r.attempt);
        if (a !== undefined) {
          a.endedAt = r.at;
          a.outcome = r.outcome;
          a.durationMs = r.ms;
          if (r.error !== undefined) a.error = r.error;
          if (r.timedOut) a.timedOut = true;
        }
        s.final = r.retryInMs !== undefined ? 'retrying' : r.outcome;
        if (r.outputs !== undefined) s.outputs = r.outputs;
        break;
      }
      case 'step-skip': {
        const s = step(r.id);
        s.final = 'skipped';
        s.reason = r.reason;
        break;
      }
      case 'step-resumed': {
        const s = step(r.id);
        s.final = 'resumed';
        s.outputs = r.outputs;
        break;
      }
      case 'step-resolved': {
        const s = step(r.id);
        s.final = 'resolved';
        s.reason = `${r.resolution === 'done' ? 'marked done: it happened' : 'marked not done: runs again on resume'} (by ${r.who}${r.note ? `: ${r.note}` : ''})`;
        break;
      }
      case 'log':
        step(r.id).logs.push(r.line);
        break;
      default:
        break;
    }
  }
  return [...steps.values()];
}

/** The run-end record, unless a step resolved after it reopened the run. */
function runEndOfRecords(records: readonly JournalRecord[]): RunEndRecord | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.type === 'run-end') return r;
    if (r.type === 'step-resolved') return undefined;
  }
  return undefined;
}

function summarize(id: string, file: string, records: readonly JournalRecord[], torn: boolean, history: readonly StepHistory[]): RunSummary {
  const header = records[0]?.type === 'header' ? records[0] : undefined;
  const end = runEndOfRecords(records);
  const reopened = end === undefined && records.some((r) => r.type === 'run-end');
  const steps: Partial<Record<StepFinal, number>> = {};
  for (const s of history) steps[s.final] = (steps[s.final] ?? 0) + 1;
  // Reopened by a resolution: left for the next apply to resume, as an interrupted run is.
  return { id, file, header, state: end?.status ?? (reopened ? 'interrupted' : 'incomplete'), startedAt: header?.at, endedAt: end?.at, steps, torn };
}

/** Every journal in `<dir>/runs`, newest first (`compareRunsNewestFirst`: start time, then id). */
export function listRuns(dir: string): RunSummary[] {
  let names: string[];
  try {
    names = fs.readdirSync(runsDirectory(dir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .filter((n) => n.endsWith(JOURNAL_EXTENSION))
    .map((name) => {
      const file = path.join(runsDirectory(dir), name);
      const { records, torn } = readJournalFile(file);
      return summarize(name.slice(0, -JOURNAL_EXTENSION.length), file, records, torn, stepHistoryOf(records));
    })
    .sort(compareRunsNewestFirst);
}

/**
 * The runs `run` resumed or carried the doubts of, oldest first, then
 * `run`: what a resume of it folds (a resume killed before it copied the
 * finished steps and the doubts into its own journal must not make them
 * look undone). A link is `doubtsFrom` when the next run's header says so.
 */
export function resumeChainOf<R extends Pick<RunSummary, 'id' | 'header'>>(run: R, runs: readonly R[]): R[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const chain: R[] = [];
  for (let r: R | undefined = run; r !== undefined && !chain.includes(r); ) {
    chain.unshift(r);
    const before: string | undefined = r.header?.resumes ?? r.header?.doubtsFrom;
    r = before === undefined ? undefined : byId.get(before);
  }
  return chain;
}

export class RunNotFoundError extends Error {
  constructor(
    readonly runId: string,
    readonly dir: string,
  ) {
    super(`no run ${runId} in ${runsDirectory(dir)}; \`mbp runs\` lists the runs there`);
    this.name = 'RunNotFoundError';
  }
}

export function readRun(dir: string, id: string): RunDetail {
  if (!isRunId(id)) throw new RunNotFoundError(id, dir);
  const file = journalPath(dir, id);
  if (!fs.existsSync(file)) throw new RunNotFoundError(id, dir);
  const { records, torn } = readJournalFile(file);
  const stepHistory = stepHistoryOf(records);
  return { ...summarize(id, file, records, torn, stepHistory), records, stepHistory };
}
