import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LINT_RULES } from '../../compiler/lint/index.ts';
import { checkBlueprint } from '../rules/annotated.ts';

/**
 * Every lint rule's documented examples, through the whole `mbp check`
 * pipeline: the bad one is reported by the rule (and by no other lint rule),
 * the good one by none; neither has an error, so the docs show blueprints
 * that compile.
 */
const LINT_CODE = /^[a-z]/;

test('there are at least 8 lint rules, with kebab-case ids, sorted', () => {
  assert.ok(LINT_RULES.length >= 8, `${LINT_RULES.length} rules`);
  const ids = LINT_RULES.map((r) => r.id);
  assert.equal(ids, [...ids].sort());
  for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  assert.is(new Set(ids).size, ids.length);
});

for (const rule of LINT_RULES) {
  test(`${rule.id}: the bad example is reported, the good one is not`, () => {
    assert.ok(rule.docs.summary.length > 0 && rule.docs.why.length > 40, 'docs need a summary and a why');
    const bad = checkBlueprint(rule.docs.bad).diagnostics;
    const good = checkBlueprint(rule.docs.good).diagnostics;
    const show = (ds: typeof bad) => ds.map((d) => `${d.code}: ${d.message}`).join('\n');
    assert.equal(bad.filter((d) => d.severity === 'error').map((d) => d.code), [], `errors in the bad example:\n${show(bad)}`);
    assert.equal(good.filter((d) => d.severity === 'error').map((d) => d.code), [], `errors in the good example:\n${show(good)}`);
    assert.equal([...new Set(bad.filter((d) => LINT_CODE.test(d.code)).map((d) => d.code))], [rule.id], show(bad));
    assert.equal(good.filter((d) => LINT_CODE.test(d.code)).map((d) => d.code), [], show(good));
    for (const d of bad.filter((x) => x.code === rule.id)) assert.is(d.severity, rule.severity);
  });
}

test.run();
