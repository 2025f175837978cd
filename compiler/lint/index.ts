// Lint: advice on blueprints that compile. Rules (one file each under rules/), the engine, disable comments, docs.
export { lintFile, type LintFileInput, type LintOptions } from './engine.ts';
export { lintProgram } from './lint-program.ts';
export { LINT_RULES, LINT_RULE_IDS, lintRule } from './registry.ts';
export { defineRule, type LintRule, type LintRuleDocs, type LintContext, type LintFinding } from './lint-rule.ts';
export { describeLintRule, lintRulesMarkdown, ruleMarkdown } from './rule-docs.ts';
export { parseDirectives, type DisableDirective, type DirectiveRule } from './directives.ts';
