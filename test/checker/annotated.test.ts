import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filesIn, REPO_ROOT, runAnnotatedCase } from '../support/index.ts';

/**
 * Semantic error cases (cases/*.mbp): the diagnostics `mbp check` emits for
 * each file must be exactly the ones its `// expect` comments list. The
 * `mbp.config.json` beside them turns lint rules off, so only compiler codes
 * are compared. Code coverage is checked in codes-coverage.test.ts.
 */
const CASES_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'cases');
const cases = filesIn(CASES_DIR);

test('there are at least 30 semantic cases', () => {
  assert.ok(cases.length >= 30, `expected at least 30 cases in ${CASES_DIR}, found ${cases.length}`);
});

for (const file of cases) {
  test(`checker: ${path.basename(file)}`, async () => {
    const outcome = await runAnnotatedCase(file);
    if (outcome.problems.length > 0) assert.unreachable(`${path.relative(REPO_ROOT, file)}:\n  ${outcome.problems.join('\n  ')}`);
  });
}

test.run();
