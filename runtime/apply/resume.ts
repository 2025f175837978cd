import type { ResumeState } from '../executor/index.ts';
import { analyzeJournal, listRuns, readJournalFile, resumeChainOf, resumeStateOf, type HeaderRecord } from '../journal/index.ts';
import { carriedRecords } from './unfinished-apply.ts';

/** The run a new one continues: its id, what it finished, and the non-idempotent steps left in doubt. */
export interface ResumableRun {
  readonly id: string;
  /**
   * `resume`: it stopped before its end (interrupted, killed, reopened by a
   * resolution) and the new run finishes it. `doubts`: it ended `failed`
   * with steps in doubt nobody resolved, and the new run only carries those
   * over, skipped, with its finished infrastructure-wide steps
   * (`unresolvedDoubts`): not a resume, and not reported as one.
   */
  readonly kind: 'resume' | 'doubts';
  readonly state: ResumeState;
  readonly inDoubt: string[];
}

/**
 * The latest run `matches` picks (the same blueprint's applies, or the same
 * infrastructure's destroys), when it stopped before its end (interrupted
 * or killed): the one to resume. `serverOf` is the server each instance is
 * on now; a step done for it on another server is not done.
 */
export function resumableRun(
  journalDir: string,
  matches: (header: HeaderRecord) => boolean,
  nodeIds: readonly string[],
  serverOf: (instanceKey: string) => string | undefined,
): ResumableRun | undefined {
  const runs = listRuns(journalDir).filter((r) => r.header !== undefined && matches(r.header));
  const last = runs[0];
  if (last === undefined || (last.state !== 'interrupted' && last.state !== 'incomplete')) return undefined;
  // Fold the whole chain of resumes, oldest first: a resume killed before it
  // copied the finished steps into its own journal must not make them look
  // undone (they would run again, installs included). A run whose doubts the
  // next one carried over gives only what was carried (`carriedRecords`).
  const chain = resumeChainOf(last, runs);
  const records = chain.flatMap((run, i) => {
    const own = readJournalFile(run.file).records;
    return chain[i + 1]?.header?.doubtsFrom === run.id ? carriedRecords(own) : own;
  });
  const analysis = analyzeJournal(records, nodeIds);
  const state = resumeStateOf(analysis);
  // A step done for an instance on another server than it has now (the plan moved it) is not done for this one.
  const done = new Map([...state.done].filter(([id]) => {
    const key = /^(.*\[\d+\])\//.exec(id)?.[1];
    if (key === undefined) return true;
    const bound = state.done.get(`${key}/bind`)?.['server'];
    return bound === undefined || bound === serverOf(key);
  }));
  return { id: last.id, kind: 'resume', state: { ...state, done }, inDoubt: analysis.uncertain.map((u) => u.message) };
}

/** The journal header's link to the run `previous` continues: `resumes` it, or carries its doubts (`doubtsFrom`). */
export function journalLinkOf(previous: ResumableRun | undefined): { readonly resumes?: string; readonly doubtsFrom?: string } {
  if (previous === undefined) return {};
  return previous.kind === 'resume' ? { resumes: previous.id } : { doubtsFrom: previous.id };
}

/** The same link for a run's outcome: `resumed`, or `doubtsFrom`. */
export function outcomeLinkOf(previous: ResumableRun | undefined): { readonly resumed?: string; readonly doubtsFrom?: string } {
  if (previous === undefined) return {};
  return previous.kind === 'resume' ? { resumed: previous.id } : { doubtsFrom: previous.id };
}
