import { makeDiagnostic } from '../../diagnostics/index.ts';
import type { DeploymentRule, RuleContext } from './deployment-rule.ts';
import { attributeOf, instanceArraysOf } from './queries.ts';

/**
 * `server_types = {}` selects no server at all (MBP3003). Whether
 * `server_type`/`count` or `server_types` is written, and not both, is the
 * schema's exclusive group, which the checker reports from `shapeProblems`.
 */
export const serverTypesNotEmpty: DeploymentRule = {
  name: 'server-types-not-empty',
  check(context: RuleContext): void {
    for (const { array } of instanceArraysOf(context.module)) {
      const split = attributeOf(array.body, 'server_types');
      if (split === undefined) continue;
      const value = split.value.kind === 'ObjectExpr' ? split.value.entries : context.checked.valueOf(split.value);
      const empty = Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0;
      if (empty) context.report(makeDiagnostic('MBP3003', context.file, split.value.span));
    }
  },
};
