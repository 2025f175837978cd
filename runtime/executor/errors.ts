/** The node list cannot run: duplicate ids, unknown needs, a cycle, a bad limit. */
export class GraphError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the step graph cannot run: ${problems.join('; ')}`);
    this.name = 'GraphError';
  }
}

/** The reason a node's signal aborts when its attempt runs out of time. */
export class StepTimeoutError extends Error {
  constructor(
    readonly id: string,
    readonly timeoutMs: number,
  ) {
    super(`${id} timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Errors may say they are permanent (a DriverError with `retryable: false`): no retry then. */
export function isRetryable(error: unknown): boolean {
  return !(typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false);
}
