import type { Body, Step } from '../../../grammar/index.ts';
import { PROVISION_ORDER, findProvisionOrderViolation } from '../../../stdlib/index.ts';
import { makeDiagnostic } from '../../diagnostics/index.ts';
import type { DeploymentRule, RuleContext } from './deployment-rule.ts';
import { workflowsOf } from './queries.ts';

/** The `std.provision.*` steps of a body, in written order (the order they run unless `after` reorders them). */
function provisionSteps(context: RuleContext, body: Body): { readonly step: Step; readonly name: string }[] {
  const out: { step: Step; name: string }[] = [];
  for (const e of body.entries) {
    if (e.kind !== 'Step') continue;
    const target = context.checked.stepTargetOf(e);
    if (target?.kind === 'step' && target.def.name.startsWith('std.provision.')) out.push({ step: e, name: target.def.name });
  }
  return out;
}

/**
 * `std.provision.*` steps keep their built-in order (MBP3006): a workflow may
 * skip or repeat a step in place, never go back (stdlib's
 * `findProvisionOrderViolation`). The first violation of each workflow is
 * reported, at the late step, with the earlier one it must precede.
 */
export const provisionStepOrder: DeploymentRule = {
  name: 'provision-step-order',
  check(context: RuleContext): void {
    for (const workflow of workflowsOf(context.module)) {
      const steps = provisionSteps(context, workflow.body);
      const violation = findProvisionOrderViolation(steps.map((s) => s.name));
      if (violation === undefined) continue;
      const late = steps[violation.index]!;
      const earlier = steps.slice(0, violation.index).reverse().find((s) => s.name === violation.after)!;
      const short = (name: string): string => name.slice('std.provision.'.length);
      context.report(
        makeDiagnostic(
          'MBP3006',
          context.file,
          late.step.call.kind === 'Call' ? late.step.call.callee.span : late.step.name.span,
          { step: short(violation.step), after: short(violation.after), order: PROVISION_ORDER.join(' → ') },
          { related: [{ message: `\`std.provision.${short(violation.after)}\` runs here, before it`, file: context.file, range: earlier.step.name.span }] },
        ),
      );
    }
  },
};
