/**
 * Shared test helpers, one of each: golden files, temp dirs, annotations of
 * expected diagnostics, the `mbp check` pipeline on disk or in memory, AST and
 * token dumps, span invariants, the inputs the suite owns, a seeded random.
 */
export { REPO_ROOT, repoPath } from './paths.ts';
export { expectGolden, staleGoldens, updatingGoldens, UPDATE_GOLDEN_VARIABLE } from './golden.ts';
export { lineDiff, type DiffOptions } from './line-diff.ts';
export { makeTempDir, withTempDir, withTempDirAsync, type TempDir } from './temp-dir.ts';
export { parseAnnotations, textLines, type Annotations, type Expectation } from './annotations.ts';
export {
  readAnnotations,
  sidecarOf,
  emittedFor,
  compareWithExpectations,
  runAnnotatedCase,
  type Emitted,
  type CaseOutcome,
} from './annotated-case.ts';
export { checkPaths, checkPathsSync, checkMemoryFile, renderReports, MEMORY_DIR, type RenderedReports } from './check.ts';
export { fail } from './fail.ts';
export { dumpTokens } from './dump-tokens.ts';
export { dumpAst } from './dump-ast.ts';
export { astSpanProblems, diagnosticSpanProblems } from './spans.ts';
export { parserInternalIn } from './parser-internals.ts';
export { templatePlaceholders, unfilledPlaceholders } from './placeholders.ts';
export { createRandom, mixSeeds, type Random } from './random.ts';
export {
  filesIn,
  filesBelow,
  goldenCases,
  brokenCases,
  annotatedCases,
  exampleFiles,
  docBlocks,
  GOLDEN_CASES_DIR,
  BROKEN_CASES_DIR,
  EXAMPLES_DIR,
  DOCS_DIR,
  type DocBlock,
} from './corpus.ts';
export { FILE_SYSTEM_SCENARIOS, runScenario, type FileSystemScenario } from './file-system-scenarios.ts';
export {
  CHECK_SCENARIOS,
  runCheckScenario,
  scenarioProblems,
  type CheckScenario,
  type ScenarioExpectation,
} from './check-scenarios.ts';
export { annotatedCaseTests, type CaseFolderOptions } from './case-folder.ts';
export { runAllInputs, type InputRun } from './all-inputs.ts';
export { demoHardware } from './simulated-apply.ts';
export { arrayBlueprint, compileInDir, type ArrayBlueprintOptions } from './blueprints.ts';
