import type { CheckedProgram } from '../checker/index.ts';

/**
 * What lowering reads from the checker: the program, symbol resolution,
 * the constants it folded, what each call runs, and the template, network
 * and param facts it recorded. A `Pick`, so tests (and a future incremental
 * checker) can hand in anything with these members.
 */
export type LowerFacts = Pick<
  CheckedProgram,
  'program' | 'resolve' | 'valueOf' | 'workflowOf' | 'stepTargetOf' | 'networkOf' | 'templateOf' | 'baseOf' | 'readyCheckOf' | 'paramValue'
>;
