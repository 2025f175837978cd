import { errorMessage } from '../executor/index.ts';
import { isDriverError } from '../drivers/index.ts';
import { StepError } from './errors.ts';
import type { NetworkRuntime } from './network-runtime.ts';
import { sshTargetOf } from './ssh-target.ts';
import { stringArg } from './step-args.ts';
import type { RuntimeStepHandler, StepContext } from './types.ts';
import { maskingOf } from './step-masking.ts';

/** One probe's verdict: done, not yet (why), or a failure waiting cannot fix (a changed host key). */
type Probe = { readonly done: true; readonly status?: number } | { readonly done: false; readonly why: string };

/** Probes every `interval` until one succeeds or `timeout` has passed, on the runtime's clock. */
async function poll(ctx: StepContext, args: Readonly<Record<string, unknown>>, what: string, probe: (limitMs: number) => Promise<Probe>): Promise<{ status?: number; attempts: number; elapsed: number }> {
  const { clock } = ctx.runtime;
  const interval = typeof args['interval'] === 'number' ? args['interval'] : 10_000;
  const timeout = typeof args['timeout'] === 'number' ? args['timeout'] : 600_000;
  const start = clock.now();
  let attempts = 0;
  let last = 'no attempt';
  for (;;) {
    ctx.signal.throwIfAborted();
    attempts++;
    const left = Math.max(1, timeout - (clock.now() - start));
    const r = await probe(Math.min(left, Math.max(interval, 5_000)));
    if (r.done) return { ...(r.status !== undefined ? { status: r.status } : {}), attempts, elapsed: clock.now() - start };
    last = r.why;
    if (clock.now() - start + interval >= timeout) throw new StepError(`${ctx.stepId}: ${what} did not answer within the timeout (${attempts} attempts; last: ${last})`, { retryable: true });
    await clock.sleep(interval, ctx.signal);
  }
}

/** `std.wait.until_ssh`: connects (and runs `true`) until the host answers with its expected key. */
export function waitUntilSsh(net: NetworkRuntime): RuntimeStepHandler {
  return async (args, ctx) => {
    const target = sshTargetOf(args, ctx, net);
    const r = await poll(ctx, args, `ssh ${target.host}:${target.port}`, async (limitMs) => {
      try {
        await net.ssh.run({ ...target, command: 'true', timeoutMs: limitMs, acceptedExitCodes: [0], ...maskingOf(ctx) }, ctx.signal);
        return { done: true };
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        // A refused host key is not "not up yet": waiting longer cannot make it trusted.
        if (isDriverError(error) && !error.retryable && (error.code === 'conflict' || error.code === 'unknown-target')) throw error;
        return { done: false, why: errorMessage(error) };
      }
    });
    return { attempts: r.attempts, elapsed: r.elapsed };
  };
}

/** `std.wait.until_http`: GETs the URL until it answers one of `expect_status`. */
export function waitUntilHttp(net: NetworkRuntime): RuntimeStepHandler {
  return async (args, ctx) => {
    const url = stringArg(args, 'url', ctx);
    const expect = Array.isArray(args['expect_status']) ? args['expect_status'].filter((c): c is number => typeof c === 'number') : [200];
    const r = await poll(ctx, args, url, async (limitMs) => {
      try {
        const res = await net.http.request({ method: 'GET', url, timeoutMs: limitMs, retry: { attempts: 1, backoffMs: 0 }, ...maskingOf(ctx), ...(typeof args['ca'] === 'string' ? { ca: args['ca'] } : {}) }, ctx.signal);
        return expect.includes(res.status) ? { done: true, status: res.status } : { done: false, why: `status ${res.status}` };
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        return { done: false, why: errorMessage(error) };
      }
    });
    return { status: r.status ?? 0, attempts: r.attempts, elapsed: r.elapsed };
  };
}
