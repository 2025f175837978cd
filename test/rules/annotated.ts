import { checkFiles, type CheckResult } from '../../compiler/index.ts';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';
import { compareWithExpectations, emittedFor, fail, parseAnnotations } from '../support/index.ts';

/** Where the blueprint under test lives; other files go next to it. */
export const MAIN = '/proj/main.mbp';

/** `mbp check` on a blueprint in memory (plus other files by absolute path). */
export function checkBlueprint(text: string, others: Readonly<Record<string, string>> = {}): CheckResult {
  return checkFiles(new MemoryFileSystem({ [MAIN]: text, ...others }), [MAIN]);
}

/**
 * Checks a blueprint whose `// expect CODE at L:C` comments (test/README.md)
 * list the diagnostics it must give among those whose code matches `codes`,
 * as a multiset; `// expect none` for none. Any other error fails the test
 * too, so an input broken in some unrelated way cannot pass by accident.
 */
export function expectAnnotated(text: string, codes: RegExp, others: Readonly<Record<string, string>> = {}): CheckResult {
  const annotations = parseAnnotations(text);
  if (annotations.errors.length > 0) fail('bad annotations', annotations.errors);
  if (annotations.expectations.length === 0 && !annotations.none) fail('no `// expect` annotation', text);
  const result = checkBlueprint(text, others);
  const emitted = emittedFor(result, MAIN);
  const problems = compareWithExpectations(
    emitted.filter((e) => codes.test(e.code)),
    MAIN,
    annotations.expectations,
  );
  for (const e of emitted) {
    if (!codes.test(e.code) && e.diagnostic.severity === 'error') problems.push(`unrelated error: ${e.code} at ${e.line}:${e.column}: ${e.diagnostic.message}`);
  }
  if (problems.length > 0) fail('the diagnostics differ from the annotations', problems);
  return result;
}
