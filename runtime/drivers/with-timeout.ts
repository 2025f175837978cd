import type { Clock } from '../clock/index.ts';
import { DriverError } from './errors.ts';

/**
 * Runs `work` under the caller's signal and the driver's own time limit:
 * the caller's abort rejects with its reason, the limit with a DriverError
 * "timeout". `work` gets a signal that fires in both cases.
 */
export async function withTimeout<T>(
  clock: Clock,
  timeoutMs: number,
  signal: AbortSignal,
  describe: { readonly driver: string; readonly target: string; readonly what: string },
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  signal.throwIfAborted();
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = clock.sleep(timeoutMs, inner.signal).then(() => {
    const error = new DriverError({
      code: 'timeout',
      driver: describe.driver,
      target: describe.target,
      message: `${describe.what} on ${describe.target} did not finish within ${timeoutMs} ms`,
    });
    inner.abort(error);
    throw error;
  });
  try {
    return await Promise.race([work(inner.signal), timer]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!inner.signal.aborted) inner.abort();
    timer.catch(() => undefined);
  }
}
