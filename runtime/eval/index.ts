// Evaluates the plan's deferred expressions at run time: the stdlib's function table, an environment of run-time values, secret taint.
export { evaluate, evaluateAll } from './evaluate.ts';
export type { EvalEnv, Evaluated } from './env.ts';
export { EvalError, type EvalErrorKind } from './errors.ts';
export { maskSecrets, MASK, SecretMatcher } from './mask.ts';
