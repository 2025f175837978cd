import type { PlanStep } from '../../compiler/plan/index.ts';
import type { ExecutionResult } from '../executor/index.ts';
import type { InfrastructureStatus } from '../inventory/index.ts';
import { analyzeJournal, listRuns, readJournalFile, resumeStateOf, type HeaderRecord, type JournalRecord } from '../journal/index.ts';
import type { ResumableRun } from './resume.ts';
import type { Resolution } from '../resolve/index.ts';

/**
 * What an apply has left to finish beyond what the plan changes: a run
 * reopened by `mbp runs resolve … --not-done`, or stopped, has steps to run
 * even when the inventory matches the blueprint; and what the activation
 * records of an infrastructure whose run did not finish cleanly, which the
 * next plan shows as a change (docs/runtime.md, "Infrastructure status").
 */

/** The journals of this blueprint's applies: the runs a new apply resumes. */
export function isApplyOf(blueprintPath: string): (h: Pick<HeaderRecord, 'command' | 'blueprint'>) => boolean {
  return (h) => h.blueprint?.path === blueprintPath && h.command.includes('apply');
}

/** The latest apply of this blueprint when it is to be resumed (stopped, killed, or reopened by a resolution): its id. */
export function pendingApply(journalDir: string, blueprintPath: string, resolution?: Pick<Resolution, 'infrastructures'>): string | undefined {
  // Nothing of it is left to resume when every infrastructure is created afresh (`withoutCreated`: destroyed since, or never reached).
  if (resolution !== undefined && Object.values(resolution.infrastructures).every((i) => i.action === 'create')) return undefined;
  const last = listRuns(journalDir).find((r) => r.header !== undefined && isApplyOf(blueprintPath)(r.header));
  return last !== undefined && (last.state === 'interrupted' || last.state === 'incomplete') ? last.id : undefined;
}

/** `INFRA/ARRAY[INDEX]/…`: a step of one instance. */
const INSTANCE_STEP = /^[^/]+\/[^/]+\[\d+\]\//;

/**
 * The latest apply of this blueprint when it ended `failed` with steps left
 * in doubt that no person has resolved yet: a new apply carries them over
 * (`kind: 'doubts'`, journaled `doubtsFrom`, not `resumes`: that run had
 * ended, so it is not resumed), so the doubts stay skipped (their
 * infrastructure `failed`) instead of running again; its finished
 * infrastructure-wide steps are carried over and the failed ones run
 * again. `mbp runs resolve` on the new run settles the doubts.
 */
export function unresolvedDoubts(journalDir: string, blueprintPath: string, nodeIds: readonly string[]): ResumableRun | undefined {
  const last = listRuns(journalDir).find((r) => r.header !== undefined && isApplyOf(blueprintPath)(r.header));
  if (last === undefined || last.state !== 'failed') return undefined;
  // An ended run's journal stands alone: it copied the doubts of the runs it resumed or carried over.
  const carried = analyzeJournal(carriedRecords(readJournalFile(last.file).records), nodeIds);
  if (carried.uncertain.length === 0) return undefined;
  return { id: last.id, kind: 'doubts', state: resumeStateOf(carried), inDoubt: carried.uncertain.map((u) => u.message) };
}

/**
 * What a run carrying over the doubts of a failed one takes from its
 * journal, as the records it copies into its own: the finished
 * infrastructure-wide steps (`step-resumed`) and the steps in doubt
 * (`step-skip`, `uncertain`). Instance steps are not carried over: a failed
 * instance is provisioned again from the start, as after any failed apply.
 * Also what a resume folds for such a run in its chain, so that a carrying
 * run killed before it copied them neither loses the doubts nor takes the
 * failed run's instance steps for done.
 */
export function carriedRecords(records: readonly JournalRecord[]): JournalRecord[] {
  const analysis = analyzeJournal(records);
  const at = analysis.header?.at ?? 0;
  const out: JournalRecord[] = analysis.header === undefined ? [] : [analysis.header];
  for (const [id, outputs] of analysis.finished) if (!INSTANCE_STEP.test(id)) out.push({ type: 'step-resumed', id, outputs, at });
  for (const u of analysis.uncertain) out.push({ type: 'step-skip', id: u.id, kind: 'uncertain', reason: u.message, at });
  return out;
}

/**
 * What a new apply takes from the run it continues (`previous`), without
 * the steps of infrastructures it creates: an apply writes its record in
 * its first commit, before any step, so one without a record now was
 * destroyed since (its servers wiped: nothing done there still holds, and
 * a step in doubt there is moot) or never got to a step. Undefined when
 * that leaves nothing of a run that had something: the new apply starts
 * afresh, not as its resume.
 */
export function withoutCreated(previous: ResumableRun | undefined, created: ReadonlySet<string>): ResumableRun | undefined {
  if (previous === undefined || created.size === 0) return previous;
  const kept = (id: string): boolean => !created.has(id.slice(0, id.indexOf('/')));
  const done = new Map([...previous.state.done].filter(([id]) => kept(id)));
  const uncertain = new Map([...(previous.state.uncertain ?? [])].filter(([id]) => kept(id)));
  const before = previous.state.done.size + (previous.state.uncertain?.size ?? 0);
  if (done.size + uncertain.size === before) return previous;
  if (done.size + uncertain.size === 0) return undefined;
  return { ...previous, state: { done, uncertain }, inDoubt: [...uncertain.values()] };
}

export interface RunOfInfrastructure {
  readonly name: string;
  /** How many of its instances this run recorded failed. */
  readonly failedInstances: number;
  readonly result: Pick<ExecutionResult, 'status' | 'nodes'>;
  /** The run's plan steps (for which are the infrastructure's own: pre_deploy, post_deploy). */
  readonly steps: readonly PlanStep[];
  /** Steps the resumed run left in doubt. */
  readonly uncertain?: ReadonlyMap<string, string>;
}

/**
 * The one rule for an infrastructure's status after a run. `failed` when a
 * step of its own did not happen for a reason other than the run stopping: an
 * instance failed, one of its infrastructure-wide steps failed or was skipped
 * (a dependency failed, a rollout stopped), or a step an earlier run left in
 * doubt was skipped again. Else `deploying` when the run was interrupted, else
 * `deployed`. The resolver treats anything but `deployed` as a change, so the
 * next apply runs the infrastructure-wide steps again (runtime/resolve/infrastructure.ts).
 */
export function infrastructureStatusAfter(run: RunOfInfrastructure): InfrastructureStatus {
  const { name, result } = run;
  if (run.failedInstances > 0) return 'failed';
  for (const s of run.steps) {
    if (s.infrastructure !== name || s.target !== undefined) continue;
    const outcome = result.nodes.get(s.id)?.outcome;
    if (outcome === 'failed' || outcome === 'skipped') return 'failed';
  }
  for (const id of run.uncertain?.keys() ?? []) if (id.startsWith(`${name}/`) && result.nodes.get(id)?.outcome === 'skipped') return 'failed';
  return result.status === 'interrupted' ? 'deploying' : 'deployed';
}
