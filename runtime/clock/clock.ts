/**
 * Time as the runtime sees it. Everything that waits (drivers, retries,
 * watchdogs, the simulated datacenter) takes a Clock so tests can run hours
 * of simulated work in milliseconds with a ManualClock.
 */
export interface Clock {
  /** Milliseconds since the epoch (or since the manual clock's start). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; `ms <= 0` resolves without a timer.
   * Rejects with `signal.reason` when the signal aborts first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The reason a signal aborted with, as an Error (Node sets a DOMException AbortError). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
