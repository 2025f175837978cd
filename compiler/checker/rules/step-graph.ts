import { walk, type Body, type Expr, type Span, type Step } from '../../../grammar/index.ts';
import type { CheckedProgram } from '../checked-program.ts';
import { attributeOf } from './queries.ts';

/**
 * The dependencies between the steps of one workflow or os_template body
 * (DESIGN.md section 2): a step waits for the step written before it, unless
 * it has `after` (then exactly for those; `after = []` for none), and for
 * every step whose outputs it reads.
 */
export interface StepEdge {
  readonly from: Step;
  readonly to: Step;
  readonly kind: 'after' | 'order' | 'output';
  /** Where the dependency is written (the `after` entry, the reference), or the step itself for `order`. */
  readonly span: Span;
}

export interface StepGraph {
  readonly steps: readonly Step[];
  readonly edges: readonly StepEdge[];
}

/** The step a reference names, if it names a step of this body. */
export function stepNamed(checked: CheckedProgram, expr: Expr, steps: readonly Step[]): Step | undefined {
  const symbol = checked.resolve(expr);
  const declaration = symbol?.kind === 'step' ? symbol.declaration : undefined;
  return declaration?.kind === 'Step' && steps.includes(declaration) ? declaration : undefined;
}

export function stepGraph(checked: CheckedProgram, body: Body): StepGraph {
  const steps = body.entries.filter((e): e is Step => e.kind === 'Step');
  const edges: StepEdge[] = [];
  steps.forEach((step, i) => {
    const after = attributeOf(step.options, 'after');
    if (after === undefined) {
      const previous = steps[i - 1];
      if (previous !== undefined) edges.push({ from: step, to: previous, kind: 'order', span: step.name.span });
    } else if (after.value.kind === 'ListExpr') {
      for (const item of after.value.items) {
        const to = stepNamed(checked, item, steps);
        if (to !== undefined) edges.push({ from: step, to, kind: 'after', span: item.span });
      }
    }
    const uses = (root: Step['call'] | Body): void =>
      walk(root, (node) => {
        if (node === after) return false;
        if (node.kind !== 'Ref') return;
        const to = stepNamed(checked, node, steps);
        if (to !== undefined) edges.push({ from: step, to, kind: 'output', span: node.span });
      });
    uses(step.call);
    if (step.options !== undefined) uses(step.options);
  });
  return { steps, edges };
}
