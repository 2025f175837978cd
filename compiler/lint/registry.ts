import { compareText } from '../../stdlib/index.ts';
import type { LintRule } from './lint-rule.ts';
import { assetUrlWithoutChecksum } from './rules/asset-url-without-checksum.ts';
import { emptyWorkflow } from './rules/empty-workflow.ts';
import { hostnameNotDnsSafe } from './rules/hostname-not-dns-safe.ts';
import { preferServerTypes } from './rules/prefer-server-types.ts';
import { redundantAfter } from './rules/redundant-after.ts';
import { secretLiteral } from './rules/secret-literal.ts';
import { unusedDisableDirective } from './rules/unused-disable-directive.ts';
import { unusedLet } from './rules/unused-let.ts';
import { unusedParam } from './rules/unused-param.ts';
import { unusedSecret } from './rules/unused-secret.ts';
import { unusedWorkflow } from './rules/unused-workflow.ts';

/** Every lint rule, sorted by id (docs/lint-rules.md follows this order). */
export const LINT_RULES: readonly LintRule[] = Object.freeze(
  [
    assetUrlWithoutChecksum,
    emptyWorkflow,
    hostnameNotDnsSafe,
    preferServerTypes,
    redundantAfter,
    secretLiteral,
    unusedDisableDirective,
    unusedLet,
    unusedParam,
    unusedSecret,
    unusedWorkflow,
  ].sort((a, b) => compareText(a.id, b.id)),
);

export const LINT_RULE_IDS: readonly string[] = Object.freeze(LINT_RULES.map((r) => r.id));

export function lintRule(id: string): LintRule | undefined {
  return LINT_RULES.find((r) => r.id === id);
}
