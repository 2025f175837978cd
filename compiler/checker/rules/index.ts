// Deployment rules (MBP3xxx), one file per rule, run over a checked program; plus the body queries lint shares.
export { runDeploymentRules, DEPLOYMENT_RULES } from './run-rules.ts';
export type { DeploymentRule, RuleContext } from './deployment-rule.ts';
export {
  attributeOf,
  blocksNamed,
  blockLabel,
  dottedName,
  entryRemovalRange,
  infrastructuresOf,
  instanceArraysOf,
  osTemplatesOf,
  removalRange,
  stringValue,
  workflowsOf,
} from './queries.ts';
