// Runs TypeScript hooks (`std.ts.call`) in a child process that a timeout or Ctrl-C can kill; results as JSON, errors with the hook's stack, secrets masked.
export { runHook, type HookCall, type HookRunOptions, type HookOutcome } from './run-hook.ts';
export { HookError, type HookFailureKind, type SourcePosition } from './hook-error.ts';
export type { HookCallContext, LogLevel } from './protocol.ts';
