import fs from 'node:fs';
import path from 'node:path';
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { CODES } from '../../compiler/diagnostics/index.ts';
import { readAnnotations, runAnnotatedCase } from './annotated-case.ts';
import { filesIn } from './corpus.ts';
import { fail } from './fail.ts';
import { REPO_ROOT } from './paths.ts';

export interface CaseFolderOptions {
  /** Codes of the table (matched by this) that some case of the folder must expect: the area's own codes. */
  readonly owns?: RegExp;
}

/**
 * Registers the tests of a folder of annotated cases (`test/<area>/cases/*.mbp`):
 * one per case, whose diagnostics must be exactly its `// expect` comments,
 * and, with `owns`, one that every code of the area is expected by some case.
 */
export function annotatedCaseTests(test: Test, dir: string, options: CaseFolderOptions = {}): void {
  const cases = filesIn(dir);
  const where = path.relative(REPO_ROOT, dir);

  test(`${where} holds annotated cases`, () => {
    assert.ok(fs.existsSync(dir), `${where} does not exist`);
    assert.ok(cases.length > 0, `no *.mbp case in ${where}`);
  });

  for (const file of cases) {
    test(`case: ${path.basename(file)}`, async () => {
      const outcome = await runAnnotatedCase(file);
      if (outcome.problems.length > 0) fail(`${path.relative(REPO_ROOT, file)} does not give the diagnostics its annotations expect`, outcome.problems);
    });
  }

  const owns = options.owns;
  if (owns !== undefined) {
    test(`every code matching ${owns} is expected by a case in ${where}`, () => {
      const expected = new Set(cases.flatMap((f) => readAnnotations(f).expectations.map((e) => e.code)));
      const codes = Object.keys(CODES).filter((c) => owns.test(c));
      assert.ok(codes.length > 0, `no code of the table matches ${owns}`);
      assert.equal(codes.filter((c) => !expected.has(c)), [], 'codes no case expects');
    });
  }
}
