// Lowering: a checked program → its execution plan (compiler/plan). `compileBlueprint` runs the whole pipeline.
export { compileBlueprint, type CompileOptions, type CompileResult } from './compile.ts';
export { lowerProgram, type LowerOptions, type LowerResult } from './lower-program.ts';
export type { LowerFacts } from './facts.ts';
