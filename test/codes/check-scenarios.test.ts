import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHECK_SCENARIOS, fail, runCheckScenario, scenarioProblems, withTempDirAsync } from '../support/index.ts';

/**
 * The `mbp check` runs one annotated file cannot describe (test/support/check-scenarios.ts):
 * import cycles through several files, `--param`/`--params`, `mbp.config.json`
 * and `--config`. Each gives exactly the diagnostics it states, code, file and position.
 */
test('there are scenarios', () => {
  assert.ok(CHECK_SCENARIOS.length > 0);
  assert.equal(CHECK_SCENARIOS.filter((s) => s.expect.length === 0).map((s) => s.name), [], 'scenarios expecting nothing');
});

for (const scenario of CHECK_SCENARIOS) {
  test(`scenario: ${scenario.name}`, async () => {
    await withTempDirAsync(async (dir) => {
      const problems = scenarioProblems(scenario, dir, await runCheckScenario(scenario, dir));
      if (problems.length > 0) fail(`${scenario.name}: the diagnostics differ from the expected ones`, problems);
    });
  });
}

test('a scenario whose expectation is wrong fails: the comparison is not a tautology', async () => {
  const [first] = CHECK_SCENARIOS;
  assert.ok(first);
  const moved = { ...first, expect: first.expect.map((e) => ({ ...e, column: e.column + 1 })) };
  await withTempDirAsync(async (dir) => {
    const problems = scenarioProblems(moved, dir, await runCheckScenario(moved, dir));
    assert.ok(problems.some((p) => p.startsWith('missing: ')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('unexpected: ')), problems.join('\n'));
  });
});

test.run();
