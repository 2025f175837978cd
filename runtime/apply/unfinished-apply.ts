import type { Plan, PlanStep } from '../../compiler/plan/index.ts';
import type { ExecutionResult } from '../executor/index.ts';
import type { Inventory } from '../inventory/index.ts';
import { listRuns, type HeaderRecord } from '../journal/index.ts';
import type { Resolution } from '../resolve/index.ts';

/**
 * What an apply has left to finish beyond what the plan changes: a run
 * reopened by `mbp runs resolve … --not-done`, or stopped, has steps to run
 * even when the inventory matches the blueprint, and an infrastructure whose
 * run left a step in doubt is not cleanly deployed.
 */

/** The journals of this blueprint's applies: the runs a new apply resumes. */
export function isApplyOf(blueprintPath: string): (h: Pick<HeaderRecord, 'command' | 'blueprint'>) => boolean {
  return (h) => h.blueprint?.path === blueprintPath && h.command.includes('apply');
}

/** The latest apply of this blueprint when it is to be resumed (stopped, killed, or reopened by a resolution): its id. */
export function pendingApply(journalDir: string, blueprintPath: string): string | undefined {
  const last = listRuns(journalDir).find((r) => r.header !== undefined && isApplyOf(blueprintPath)(r.header));
  return last !== undefined && (last.state === 'interrupted' || last.state === 'incomplete') ? last.id : undefined;
}

/**
 * A resume of an infrastructure the plan leaves unchanged but the inventory
 * does not record as cleanly `deployed`: its infrastructure-wide steps join
 * the run, so the ones the resumed run did not finish run (those it did are
 * carried over, those still in doubt stay skipped).
 */
export function unfinishedInfrastructureSteps(plan: Plan, inventory: Inventory, resolution: Resolution, running: readonly PlanStep[]): PlanStep[] {
  const ids = new Set(running.map((s) => s.id));
  const names = Object.entries(resolution.infrastructures)
    .filter(([name, r]) => r.steps.length === 0 && inventory.infrastructures.some((i) => i.name === name && i.status !== 'deployed'))
    .map(([name]) => name);
  return plan.steps.filter((s) => s.target === undefined && names.includes(s.infrastructure) && !ids.has(s.id));
}

/** Whether this run skipped a step of `infrastructure` that an earlier run left in doubt. */
export function leftInDoubt(result: ExecutionResult, uncertain: ReadonlyMap<string, string> | undefined, infrastructure: string): boolean {
  if (uncertain === undefined) return false;
  for (const id of uncertain.keys()) if (id.startsWith(`${infrastructure}/`) && result.nodes.get(id)?.outcome === 'skipped') return true;
  return false;
}
