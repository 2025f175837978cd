/**
 * Why a deferred value could not be evaluated. `kind` lets the runtime
 * decide what to say (a missing secret is the user's to supply, a missing
 * step output means the step has not run) without parsing messages.
 */
export type EvalErrorKind =
  /** A `ref` whose root is not in the environment, or a path through a missing field. */
  | 'missing-ref'
  /** A step or hook whose outputs are not known (not run yet, failed, or no such output). */
  | 'missing-output'
  /** A secret with no value. */
  | 'missing-secret'
  /** A value of the wrong shape for what is done with it (`"a" + 1`, indexing a string). */
  | 'type'
  /** An index or key that is not there. */
  | 'index'
  /** Division by zero, a result beyond 2^53 - 1. */
  | 'arithmetic'
  /** A stdlib function refused its arguments. */
  | 'function'
  /** A node that is not IR (a damaged plan file). */
  | 'invalid-ir';

export class EvalError extends Error {
  override readonly name = 'EvalError';
  constructor(
    readonly kind: EvalErrorKind,
    message: string,
  ) {
    super(message);
  }
}
