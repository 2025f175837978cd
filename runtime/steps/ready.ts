import { formatDuration } from '../../stdlib/index.ts';
import type { Clock } from '../clock/index.ts';
import { StepError } from './errors.ts';
import { PREPARE_BOOT_KIND } from './install.ts';
import { numberArg, objectArg, requireInstance } from './step-args.ts';
import type { RuntimeStepHandler } from './types.ts';

/**
 * Runs `work` with a signal that also aborts after `ms` on `clock`, with
 * `onExpiry()` as the reason; the watchdog's timer is dropped when work ends.
 */
export async function withWatchdog<T>(clock: Clock, ms: number, signal: AbortSignal, onExpiry: () => Error, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const watchdog = new AbortController();
  const both = AbortSignal.any([signal, watchdog.signal]);
  clock.sleep(ms, both).then(
    () => watchdog.abort(onExpiry()),
    () => undefined,
  );
  try {
    return await work(both);
  } catch (error) {
    if (watchdog.signal.aborted && !signal.aborted) throw watchdog.signal.reason;
    throw error;
  } finally {
    watchdog.abort();
  }
}

/**
 * `std.provision.wait_ready`: waits until the OS answers by the template's
 * `ready` check (SSH with the host key generated at prepare_boot, or its
 * callback), failing when the watchdog (`ready.timeout_ms`) runs out. Holds
 * no executor slot. Once the OS answers, its installer files (which hold its
 * private key) are no longer served.
 */
export const waitReady: RuntimeStepHandler = async (args, ctx) => {
  const instance = requireInstance(args, ctx);
  const ready = objectArg(args, 'ready', ctx);
  const method = ready.method === 'callback' ? 'callback' : 'ssh';
  const timeoutMs = numberArg(ready, 'timeout_ms', ctx);
  const port = typeof ready.port === 'number' ? ready.port : 22;
  const hostKey = ctx.earlierOutputs(PREPARE_BOOT_KIND)?.host_key_public;
  const { clock, readiness, configs } = ctx.runtime;
  const how = method === 'ssh' ? `by SSH on port ${port}` : 'by its callback';
  const start = clock.now();
  ctx.log(`waiting for ${instance.hostname} to answer ${how} (watchdog ${formatDuration(timeoutMs)})`);
  const answer = await withWatchdog(
    clock,
    timeoutMs,
    ctx.signal,
    () =>
      new StepError(
        `${ctx.stepId}: ${instance.hostname} (${instance.server.id}) did not answer ${how} within ${formatDuration(timeoutMs)}; check the server's console, then run apply again`,
        { retryable: true },
      ),
    (signal) =>
      readiness.waitReady(
        { instance, method, ...(method === 'ssh' ? { port } : {}), ...(typeof hostKey === 'string' ? { hostKey } : {}) },
        signal,
      ),
  );
  const expected = instance.template.image.path;
  if (answer.image !== undefined && answer.image !== expected) {
    throw new StepError(`${ctx.stepId}: ${instance.hostname} booted ${answer.image}, not ${expected}: the install did not take`);
  }
  await configs.withdraw(instance.id, ctx.signal);
  const elapsed = clock.now() - start;
  ctx.log(`${instance.hostname} answered after ${formatDuration(elapsed)}${answer.bootedFrom ? ` (booted from ${answer.bootedFrom})` : ''}`);
  return { method, elapsed };
};
