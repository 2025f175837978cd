import type { SarifRuleInfo } from '../diagnostics/index.ts';
import type { LintRule } from './lint-rule.ts';
import { LINT_RULES, lintRule } from './registry.ts';

/** A lint rule as SARIF describes it (`tool.driver.rules`). */
export function describeLintRule(id: string): SarifRuleInfo | undefined {
  const rule = lintRule(id);
  if (rule === undefined) return undefined;
  return {
    title: rule.docs.summary,
    description: rule.docs.why,
    help: rule.docs.why,
    helpMarkdown: ruleMarkdown(rule, 3),
    defaultSeverity: rule.severity,
  };
}

/** One rule's section of docs/lint-rules.md. */
export function ruleMarkdown(rule: LintRule, level = 2): string {
  const h = '#'.repeat(level);
  return [
    `${h} \`${rule.id}\``,
    '',
    `Default severity: **${rule.severity}**.`,
    '',
    rule.docs.summary,
    '',
    rule.docs.why,
    '',
    'Reported:',
    '',
    '```mbp',
    // The repository's doc-block convention: an `mbp` block names the warnings it shows.
    `// warning: ${rule.id}`,
    rule.docs.bad.trimEnd(),
    '```',
    '',
    'Fixed:',
    '',
    '```mbp',
    rule.docs.good.trimEnd(),
    '```',
    '',
  ].join('\n');
}

const PREAMBLE = `# Lint rules

<!-- Generated from the rule docs in compiler/lint/rules/ (test/lint/docs.test.ts keeps it in sync:
     MBP_UPDATE_GOLDEN=1 node --import tsx test/lint/docs.test.ts rewrites it). -->

Lint rules report blueprints that compile but could be better: less
portable, harder to read, or unsafe. Each rule has a kebab-case id, which is
the diagnostic's \`code\` in every output format, and a default severity.

## Configuring rules

\`mbp check\` reads the nearest \`mbp.config.json\` in the blueprint's directory
or above it (\`--config FILE\` names one explicitly for every blueprint):

\`\`\`json
{
  "extends": "../shared/mbp.config.json",
  "rules": {
    "prefer-server-types": "error",
    "redundant-after": "off"
  }
}
\`\`\`

- \`rules\` sets a rule's level: \`"error"\`, \`"warning"\`, \`"info"\` or \`"off"\`.
  Only lint rules can be configured: the compiler's own checks (\`MBPnnnn\`)
  are rules of the language, and naming one is an error.
- \`extends\` is a path, or a list of paths, relative to the file; each is
  applied in order and the file's own \`rules\` win. A cycle is an error.
- An unknown key, rule id or level is an error that names it and suggests
  the closest valid one. Problems in a configuration file (MBP3080–MBP3085)
  are reported at the key or value in that file.
- The search for \`mbp.config.json\` stops at the first one found; there is no
  merging of a directory's file with its parents' other than \`extends\`.

To silence a rule on one line, write a comment on the line before, or at
the end of the line itself; \`-- \` starts a free-form reason:

\`\`\`text
// mbp-disable-next-line prefer-server-types -- the GPU box is a one-off
prefer { servers = [17] }
let legacy = "a"   // mbp-disable-line unused-let
\`\`\`

Without rule ids a directive silences every lint rule on its line; a
directive never silences a compiler error. An
unknown id in a directive is a warning (MBP3090); a compiler code cannot be
silenced (MBP3091). A directive that silences nothing is reported by
\`unused-disable-directive\`, so stale ones do not pile up.

## Rules

| id | default | reports |
|---|---|---|
`;

/** The whole of docs/lint-rules.md. */
export function lintRulesMarkdown(): string {
  const table = LINT_RULES.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.docs.summary.replace(/\|/g, '\\|')} |`).join('\n');
  return `${PREAMBLE}${table}\n\n${LINT_RULES.map((r) => ruleMarkdown(r, 3)).join('\n')}`;
}
