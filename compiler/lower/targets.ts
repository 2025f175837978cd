import type { Hook, Step } from '../../grammar/index.ts';
import type { StepDef } from '../../stdlib/index.ts';
import type { WorkflowTarget } from '../checker/index.ts';
import type { LowerFacts } from './facts.ts';

export { attributeOf, blockLabel, blocksNamed } from '../checker/rules/index.ts';
export { calleeText } from '../checker/index.ts';

/** What a step's or hook's call runs, and how a workflow's arguments are written. */
export type CallTarget =
  | { readonly kind: 'step'; readonly def: StepDef }
  | { readonly kind: 'workflow'; readonly target: WorkflowTarget; readonly via: 'direct' | 'std.workflow.call' };

/** A step runs a step kind, a workflow directly, or one through `std.workflow.call(wf, { args })`. */
export function stepCallTarget(facts: LowerFacts, step: Step): CallTarget | undefined {
  const target = facts.stepTargetOf(step);
  if (target?.kind === 'workflow') return { kind: 'workflow', target: target.target, via: 'direct' };
  if (target?.kind !== 'step') return undefined;
  if (!target.def.outputsFromWorkflow) return target;
  const wf = facts.workflowOf(step);
  return wf ? { kind: 'workflow', target: wf, via: 'std.workflow.call' } : undefined;
}

/** A hook runs a workflow (the checker refuses anything else). */
export function hookCallTarget(facts: LowerFacts, hook: Hook): CallTarget | undefined {
  const wf = facts.workflowOf(hook);
  return wf ? { kind: 'workflow', target: wf, via: 'direct' } : undefined;
}
