import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { systemClock } from '../../runtime/clock/index.ts';
import { execute, type ExecNode } from '../../runtime/executor/index.ts';

/*
 * Node warns (MaxListenersExceededWarning, printed over the live display)
 * when one signal gets more than 10 abort listeners: the executor must not
 * fan one signal out to every running or retrying step.
 */
const test = suite<{ warnings: string[]; onWarning: (w: Error) => void }>('abort listeners');
test.before.each((ctx) => {
  ctx.warnings = [];
  ctx.onWarning = (w) => ctx.warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', ctx.onWarning);
});
test.after.each((ctx) => {
  process.off('warning', ctx.onWarning);
});

/** Warnings are emitted on a later tick. */
const settle = () => new Promise((r) => setTimeout(r, 20));

/** 30 independent steps, each sleeping on its signal on the real clock; `failFirst`: the first attempt fails and is retried. */
function parallel(failFirst: boolean): ExecNode[] {
  return Array.from({ length: 30 }, (_, i) => ({
    id: `step-${i}`,
    idempotent: true,
    timeoutMs: 5_000,
    retry: { attempts: 2, backoffMs: 30 },
    run: async (ctx) => {
      await systemClock.sleep(10, ctx.signal);
      if (failFirst && ctx.attempt === 1) throw new Error('first attempt fails');
      return {};
    },
  }));
}

test('negative control: 11 listeners on one signal do warn, and the test sees it', async (ctx) => {
  const shared = new AbortController();
  for (let i = 0; i < 11; i++) shared.signal.addEventListener('abort', () => undefined);
  await settle();
  assert.ok(ctx.warnings.some((w) => w.startsWith('MaxListenersExceededWarning')), ctx.warnings.join('\n'));
});

test('30 steps at once, under the run signal, with timeouts: no warning', async (ctx) => {
  const run = new AbortController();
  const result = await execute(parallel(false), { clock: systemClock, signal: run.signal });
  assert.is(result.status, 'succeeded');
  await settle();
  assert.equal(ctx.warnings, []);
});

test('30 steps waiting to retry at once: no warning', async (ctx) => {
  const run = new AbortController();
  const result = await execute(parallel(true), { clock: systemClock, signal: run.signal });
  assert.is(result.status, 'succeeded');
  assert.ok([...result.nodes.values()].every((n) => n.attempts === 2));
  await settle();
  assert.equal(ctx.warnings, []);
});

test('interrupted while 30 steps wait to retry: their waits end at once, no warning', async (ctx) => {
  const run = new AbortController();
  const nodes = parallel(true).map((n) => ({ ...n, retry: { attempts: 2, backoffMs: 60_000 } }));
  setTimeout(() => run.abort(new Error('SIGINT received')), 50);
  const started = Date.now();
  const result = await execute(nodes, { clock: systemClock, signal: run.signal });
  assert.is(result.status, 'interrupted');
  assert.ok(Date.now() - started < 5_000, 'the backoff sleeps were cancelled');
  await settle();
  assert.equal(ctx.warnings, []);
});

test.run();
