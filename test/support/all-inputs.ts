import fs from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '../../compiler/index.ts';
import { checkPaths, checkMemoryFile, MEMORY_DIR } from './check.ts';
import { annotatedCases, docBlocks, exampleFiles, goldenCases } from './corpus.ts';
import { CHECK_SCENARIOS, runCheckScenario } from './check-scenarios.ts';
import { FILE_SYSTEM_SCENARIOS, runScenario } from './file-system-scenarios.ts';
import { REPO_ROOT } from './paths.ts';
import { makeTempDir } from './temp-dir.ts';

/** One test input run through `mbp check`, for checks over everything the suite feeds the compiler. */
export interface InputRun {
  /** Where it comes from: `test/broken/cases/x.mbp`, `docs/language.md:120`, `scenario: missing file`. */
  readonly name: string;
  readonly result: CheckResult;
  /** Directory to render paths against. */
  readonly cwd: string;
}

/**
 * Runs every input the suite has: the annotated cases of every area, the
 * file-system scenarios, the check scenarios (several files, param values,
 * configuration files), the golden cases, the `mbp` and `mbp-error` blocks of
 * docs/ and every example. All found by folder, so new cases join by being added.
 * Files go through everything `mbp check` runs; doc blocks, held in memory,
 * through its synchronous stages (a hook path in a doc resolves nowhere).
 */
export async function runAllInputs(): Promise<InputRun[]> {
  const runs: InputRun[] = [];
  for (const file of [...annotatedCases(), ...goldenCases(), ...exampleFiles()]) {
    runs.push({ name: path.relative(REPO_ROOT, file), result: await checkPaths([file]), cwd: REPO_ROOT });
  }
  for (const block of docBlocks()) {
    runs.push({ name: block.name, result: checkMemoryFile(block.text, 'block.mbp'), cwd: MEMORY_DIR });
  }
  const temp = makeTempDir();
  try {
    for (const scenario of FILE_SYSTEM_SCENARIOS) {
      const target = scenario.setup(temp.path);
      if (target !== undefined) runs.push({ name: `scenario: ${scenario.name}`, result: await runScenario(scenario, target), cwd: temp.path });
    }
    for (const scenario of CHECK_SCENARIOS) {
      // A directory each: a configuration file one scenario writes must not apply to another's blueprint.
      const dir = fs.mkdtempSync(path.join(temp.path, 'check-'));
      runs.push({ name: `scenario: ${scenario.name}`, result: await runCheckScenario(scenario, dir), cwd: dir });
    }
  } finally {
    temp.cleanup();
  }
  return runs;
}
