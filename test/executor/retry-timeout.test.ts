import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { execute, retryDelay, type ExecEvent } from '../../runtime/executor/index.ts';
import { recorder, testNode, Trace } from './helpers/nodes.ts';

const ofType = <T extends ExecEvent['type']>(events: readonly ExecEvent[], type: T) => events.filter((e): e is Extract<ExecEvent, { type: T }> => e.type === type);

test('retries wait backoff · 2^(n-1), capped, on the clock', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const rec = recorder();
  const node = testNode(t, 'flaky', { failOn: [1, 2, 3, 4], retry: { attempts: 5, backoffMs: 1000, maxBackoffMs: 3000 } });
  const result = await clock.runUntil(execute([node], { clock, observers: [rec.observer] }));
  assert.is(result.nodes.get('flaky')?.outcome, 'succeeded');
  assert.is(result.nodes.get('flaky')?.attempts, 5);
  assert.equal(
    t.of('flaky').map((s) => s.start),
    [0, 1000, 3000, 6000, 9000],
  );
  assert.equal(
    ofType(rec.events, 'retry').map((e) => [e.attempt, e.delayMs]),
    [
      [1, 1000],
      [2, 2000],
      [3, 3000],
      [4, 3000],
    ],
  );
  assert.equal(
    ofType(rec.events, 'start').map((e) => e.attempt),
    [1, 2, 3, 4, 5],
  );
});

test('when the attempts run out the node fails with the last error', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const rec = recorder();
  const node = testNode(t, 'bad', { failOn: [1, 2, 3], retry: { attempts: 3, backoffMs: 10 } });
  const result = await clock.runUntil(execute([node, testNode(t, 'next', { needs: ['bad'] })], { clock, observers: [rec.observer] }));
  assert.is(result.nodes.get('bad')?.outcome, 'failed');
  assert.is(result.nodes.get('bad')?.attempts, 3);
  assert.match(result.nodes.get('bad')?.error ?? '', /attempt 3/);
  const failures = ofType(rec.events, 'failure');
  assert.is(failures.length, 1);
  assert.is(failures[0]?.attempt, 3);
  assert.is(result.nodes.get('next')?.outcome, 'skipped');
  assert.is(clock.now(), 30);
});

test('an error marked retryable: false is not retried', async () => {
  const clock = new ManualClock();
  const node = {
    id: 'permanent',
    idempotent: true,
    retry: { attempts: 4, backoffMs: 10 },
    run: () => Promise.reject(Object.assign(new Error('unknown server'), { retryable: false })),
  };
  const result = await clock.runUntil(execute([node], { clock }));
  assert.is(result.nodes.get('permanent')?.attempts, 1);
  assert.is(result.nodes.get('permanent')?.outcome, 'failed');
});

test('a node waiting to retry holds no slot', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes = [
    testNode(t, 'flaky', { ms: 5, failOn: [1], resources: ['bmc:s1'], retry: { attempts: 2, backoffMs: 100 } }),
    testNode(t, 'other', { ms: 5, resources: ['bmc:s1'] }),
  ];
  await clock.runUntil(execute(nodes, { clock, limits: { bmc: 1 } }));
  assert.is(t.first('other').start, 5);
  assert.equal(
    t.of('flaky').map((s) => s.start),
    [0, 105],
  );
});

test('a timeout aborts the attempt with a TimeoutError and counts as a failed attempt', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const rec = recorder();
  const reasons: unknown[] = [];
  const slow = testNode(t, 'slow', { hang: true, timeoutMs: 5000, retry: { attempts: 2, backoffMs: 100 } });
  const watched = { ...slow, run: (ctx: Parameters<typeof slow.run>[0]) => (ctx.signal.addEventListener('abort', () => reasons.push(ctx.signal.reason)), slow.run(ctx)) };
  const result = await clock.runUntil(execute([watched], { clock, observers: [rec.observer] }));
  assert.is(result.nodes.get('slow')?.outcome, 'failed');
  assert.match(result.nodes.get('slow')?.error ?? '', /slow timed out after 5000 ms/);
  assert.equal(
    t.of('slow').map((s) => [s.start, s.end]),
    [
      [0, 5000],
      [5100, 10100],
    ],
  );
  assert.is(reasons.length, 2);
  assert.is((reasons[0] as Error).name, 'TimeoutError');
  assert.equal(
    ofType(rec.events, 'retry').map((e) => e.timedOut),
    [true],
  );
  assert.is(ofType(rec.events, 'failure')[0]?.timedOut, true);
});

test('a step that ignores its signal still frees its slot at the timeout', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes = [testNode(t, 'stuck', { deaf: true, timeoutMs: 2000, resources: ['bmc:s1'] }), testNode(t, 'next', { resources: ['bmc:s1'] })];
  const result = await clock.runUntil(execute(nodes, { clock, limits: { bmc: 1 } }));
  assert.is(result.nodes.get('stuck')?.outcome, 'failed');
  assert.is(t.first('next').start, 2000);
});

test('jitter is seeded, per node, and stays under the capped delay', () => {
  const policy = { attempts: 10, backoffMs: 1000, maxBackoffMs: 8000 };
  const jitter = { seed: 42, ratio: 0.5 };
  const a = [1, 2, 3, 4, 5].map((n) => retryDelay(policy, n, jitter, 'node-a'));
  const again = [1, 2, 3, 4, 5].map((n) => retryDelay(policy, n, jitter, 'node-a'));
  const b = [1, 2, 3, 4, 5].map((n) => retryDelay(policy, n, jitter, 'node-b'));
  const other = [1, 2, 3, 4, 5].map((n) => retryDelay(policy, n, { seed: 7, ratio: 0.5 }, 'node-a'));
  assert.equal(a, again);
  assert.not.equal(a, b);
  assert.not.equal(a, other);
  const caps = [1000, 2000, 4000, 8000, 8000];
  a.forEach((d, i) => assert.ok(d <= caps[i]! && d >= caps[i]! / 2, `delay ${d} outside [${caps[i]! / 2}, ${caps[i]}]`));
  assert.equal(
    [1, 2, 3, 4, 5].map((n) => retryDelay(policy, n)),
    caps,
  );
});

test.run();
