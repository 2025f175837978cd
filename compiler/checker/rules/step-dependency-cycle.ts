import type { Body, Step } from '../../../grammar/index.ts';
import { makeDiagnostic, type RelatedInformation } from '../../diagnostics/index.ts';
import type { DeploymentRule, RuleContext } from './deployment-rule.ts';
import { osTemplatesOf, workflowsOf } from './queries.ts';
import { stepGraph, type StepEdge } from './step-graph.ts';

function explain(edge: StepEdge): string {
  const from = `\`${edge.from.name.text}\``;
  const to = `\`${edge.to.name.text}\``;
  switch (edge.kind) {
    case 'after':
      return `${from} waits for ${to} (\`after\`)`;
    case 'output':
      return `${from} uses the outputs of ${to}`;
    case 'order':
      return `${from} runs after ${to}, the step written before it (it has no \`after\`)`;
  }
}

/** The strongly connected components of the step graph with more than one step (Tarjan), in written order. */
function cycles(steps: readonly Step[], edges: readonly StepEdge[]): Step[][] {
  const out: Step[][] = [];
  const index = new Map<Step, number>();
  const low = new Map<Step, number>();
  const stack: Step[] = [];
  const onStack = new Set<Step>();
  let next = 0;
  const connect = (v: Step): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const e of edges) {
      if (e.from !== v || e.to === v) continue;
      if (!index.has(e.to)) {
        connect(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (onStack.has(e.to)) {
        low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: Step[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1) out.push(component.sort((a, b) => steps.indexOf(a) - steps.indexOf(b)));
  };
  for (const s of steps) if (!index.has(s)) connect(s);
  return out.sort((a, b) => steps.indexOf(a[0]!) - steps.indexOf(b[0]!));
}

/** A closed path through a component, from its first step (breadth-first, so the shortest). */
function pathThrough(component: readonly Step[], edges: readonly StepEdge[]): StepEdge[] {
  const start = component[0]!;
  const inside = edges.filter((e) => component.includes(e.from) && component.includes(e.to) && e.from !== e.to);
  const via = new Map<Step, StepEdge>();
  const queue: Step[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const e of inside.filter((x) => x.from === v)) {
      if (e.to === start) {
        const path = [e];
        for (let w = v; w !== start; w = via.get(w)!.from) path.unshift(via.get(w)!);
        return path;
      }
      if (!via.has(e.to)) {
        via.set(e.to, e);
        queue.push(e.to);
      }
    }
  }
  return [];
}

function check(context: RuleContext, body: Body): void {
  const { file } = context;
  const { steps, edges } = stepGraph(context.checked, body);
  const selfReported = new Set<Step>();
  for (const e of edges) {
    if (e.from !== e.to || selfReported.has(e.from)) continue;
    selfReported.add(e.from);
    context.report(makeDiagnostic('MBP3008', file, e.span, { name: e.from.name.text }));
  }
  for (const component of cycles(steps, edges)) {
    const path = pathThrough(component, edges);
    if (path.length === 0) continue;
    const cycle = [...path.map((e) => e.from.name.text), path[0]!.from.name.text].map((n) => `\`${n}\``).join(' → ');
    const related: RelatedInformation[] = path.map((e) => ({ message: explain(e), file, range: e.span }));
    context.report(makeDiagnostic('MBP3007', file, component[0]!.name.span, { cycle }, { related }));
  }
}

/** Step dependency cycles (MBP3007), each reported once with the cycle as related spans; a step depending on itself is MBP3008. */
export const stepDependencyCycle: DeploymentRule = {
  name: 'step-dependency-cycle',
  check(context: RuleContext): void {
    for (const workflow of workflowsOf(context.module)) check(context, workflow.body);
    for (const template of osTemplatesOf(context.module)) check(context, template.body);
  },
};
