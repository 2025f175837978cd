// The executor: runs a DAG of nodes with resource limits, rollout groups,
// timeouts, retries and clean interruption, reporting events to observers.
export type { ExecNode, ExecContext, Outputs, RetryPolicy, GroupSpec, GroupNeed, NodeOutcome, NodeResult, GroupResult, ExecutionResult } from './types.ts';
export type { ExecEvent, StartEvent, SkipKind, ExecObserver } from './events.ts';
export { execute, FAILPOINT_MID_STEP, type ExecutorOptions, type ResumeState } from './executor.ts';
export { Deadlines } from './deadlines.ts';
export { DEFAULT_LIMITS, resolveLimits, resourceClass, type LimitsConfig, type ResourceLimit } from './limits.ts';
export { retryDelay, type Jitter } from './backoff.ts';
export { GraphError, StepTimeoutError, errorMessage } from './errors.ts';
