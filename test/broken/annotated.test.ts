import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CODES } from '../../compiler/diagnostics/index.ts';
import {
  brokenCases,
  makeTempDir,
  readAnnotations,
  runAnnotatedCase,
  runScenario,
  FILE_SYSTEM_SCENARIOS,
  BROKEN_CASES_DIR,
  fail,
  REPO_ROOT,
} from '../support/index.ts';

/**
 * Hand-annotated broken inputs (cases/*.mbp): the diagnostics `mbp check`
 * emits for each file must be exactly the ones its `// expect` comments list,
 * code and position, as a multiset. Syntax: test/README.md.
 */
const cases = brokenCases();

test('there are at least 35 annotated broken inputs', () => {
  assert.ok(cases.length >= 35, `expected at least 35 cases in ${BROKEN_CASES_DIR}, found ${cases.length}`);
});

for (const file of cases) {
  test(`broken: ${path.basename(file)}`, async () => {
    const outcome = await runAnnotatedCase(file);
    if (outcome.problems.length > 0) fail(`${path.relative(REPO_ROOT, file)} does not give the diagnostics its annotations expect`, outcome.problems);
  });
}

test('bad input paths through the loader (missing, unreadable, directory, too large, device)', async () => {
  const temp = makeTempDir();
  try {
    for (const scenario of FILE_SYSTEM_SCENARIOS) {
      const target = scenario.setup(temp.path);
      if (target === undefined) continue;
      const result = await runScenario(scenario, target);
      const got = result.diagnostics.map((d) => d.code);
      assert.equal(got, [scenario.expect.code], `${scenario.name}: codes`);
      const d = result.diagnostics[0]!;
      const at = result.sources.get(d.file)?.positionAt(d.range.start) ?? { line: 1, column: 1 };
      assert.equal([at.line, at.column], [scenario.expect.line, scenario.expect.column], `${scenario.name}: position`);
    }
  } finally {
    temp.cleanup();
  }
});

test('every MBP1xxx code is expected by some broken input or loader scenario', () => {
  const expected = new Set<string>([
    ...cases.flatMap((f) => readAnnotations(f).expectations.map((e) => e.code)),
    ...FILE_SYSTEM_SCENARIOS.map((s) => s.expect.code),
  ]);
  const missing = Object.keys(CODES).filter((c) => c.startsWith('MBP1') && !expected.has(c));
  assert.equal(missing, [], 'MBP1xxx codes no broken input expects');
});

test('some inputs hold several independent errors', () => {
  const several = cases.filter((f) => readAnnotations(f).expectations.length >= 3);
  assert.ok(several.length >= 3, `expected at least 3 inputs with 3 or more expected errors, found ${several.length}`);
});

test.run();
