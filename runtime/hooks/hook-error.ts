/** Why a hook call failed. */
export type HookFailureKind =
  /** The function threw or rejected. */
  | 'threw'
  /** It ran past its time limit; its process was killed. */
  | 'timeout'
  /** Its process died without an answer (process.exit, a crash, out of memory). */
  | 'crashed'
  /** The module has no such exported function. */
  | 'not-found'
  /** The module did not load (syntax error, missing import). */
  | 'load-failed'
  /** It returned something that is not JSON. */
  | 'invalid-result';

export interface SourcePosition {
  /** As shown: relative to the working directory when inside it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A failed `std.ts.call`. The message names the hook and, for a throw, ends
 * with the hook's own stack frames (file:line in the user's module), so a
 * step failure points at the line that threw.
 */
export class HookError extends Error {
  override readonly name = 'HookError';
  readonly kind: HookFailureKind;
  /** The executor's retry rule: the user's retry policy decides, except for what a retry cannot fix. */
  readonly retryable: boolean;
  /** The hook's frames only (runtime and node internals removed), masked. */
  readonly hookStack?: string;
  /** The top frame in the user's code. */
  readonly location?: SourcePosition;

  constructor(options: { kind: HookFailureKind; message: string; hookStack?: string; location?: SourcePosition }) {
    super(options.message);
    this.kind = options.kind;
    this.retryable = options.kind === 'threw' || options.kind === 'timeout' || options.kind === 'crashed';
    if (options.hookStack !== undefined) this.hookStack = options.hookStack;
    if (options.location !== undefined) this.location = options.location;
  }
}
