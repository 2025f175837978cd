import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LINT_RULES, lintRulesMarkdown } from '../../compiler/lint/index.ts';
import { expectGolden, repoPath } from '../support/index.ts';

/**
 * docs/lint-rules.md is generated from the rules' own docs, so the two cannot
 * drift: this test fails on any difference (MBP_UPDATE_GOLDEN=1 rewrites it).
 */
test('docs/lint-rules.md is the generated text', () => {
  expectGolden(repoPath('docs', 'lint-rules.md'), lintRulesMarkdown());
});

test('every rule has its section, default severity and both examples', () => {
  const md = lintRulesMarkdown();
  for (const rule of LINT_RULES) {
    const start = md.indexOf(`### \`${rule.id}\``);
    assert.ok(start >= 0, `no section for ${rule.id}`);
    const section = md.slice(start, md.indexOf('\n### ', start + 1) >>> 0 || undefined);
    assert.match(section, `Default severity: **${rule.severity}**.`);
    assert.match(section, rule.docs.bad.trimEnd());
    assert.match(section, rule.docs.good.trimEnd());
    assert.match(md, `| [\`${rule.id}\`](#${rule.id}) | ${rule.severity} |`);
  }
});

test.run();
