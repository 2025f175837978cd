/** Process exit codes, DESIGN.md section 6. */
export const ExitCode = {
  /** Success (with `--detailed-exitcode`: no changes). */
  Success: 0,
  /** Errors in the blueprint, a failed run, or an internal error. */
  Errors: 1,
  /** Changes present (only with `--detailed-exitcode`). */
  Changes: 2,
  /** The inventory lock could not be taken in time. */
  LockTimeout: 3,
  /** Bad command line (sysexits EX_USAGE). */
  Usage: 64,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
