import type { Hook } from '../../../grammar/index.ts';
import { makeDiagnostic } from '../../diagnostics/index.ts';
import type { DeploymentRule, RuleContext } from './deployment-rule.ts';
import { blockLabel, instanceArraysOf } from './queries.ts';

/** `on provision` replaces the default sequence, so an array has at most one (MBP3004), reported at the second. */
export const singleProvisionHook: DeploymentRule = {
  name: 'single-provision-hook',
  check(context: RuleContext): void {
    for (const { array } of instanceArraysOf(context.module)) {
      const hooks = array.body.entries.filter((e): e is Hook => e.kind === 'Hook' && e.phase.text === 'provision');
      for (const extra of hooks.slice(1)) {
        context.report(
          makeDiagnostic('MBP3004', context.file, extra.phase.span, { array: blockLabel(array) }, {
            related: [{ message: 'the first `on provision` hook', file: context.file, range: hooks[0]!.phase.span }],
          }),
        );
      }
    }
  },
};
