import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { execute } from '../../runtime/executor/index.ts';
import { recorder, testNode, Trace } from './helpers/nodes.ts';

test('an interruption starts nothing new, aborts running nodes and says interrupted', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const rec = recorder();
  const stop = new AbortController();
  const nodes = [
    testNode(t, 'a', { hang: true, resources: ['bmc:s1'] }),
    testNode(t, 'b', { hang: true, resources: ['bmc:s2'] }),
    testNode(t, 'queued', { resources: ['bmc:s1'] }),
    testNode(t, 'after-a', { needs: ['a'] }),
  ];
  const seen: boolean[] = [];
  const watched = nodes.map((n) => ({ ...n, run: (ctx: Parameters<typeof n.run>[0]) => (ctx.signal.addEventListener('abort', () => seen.push(true)), n.run(ctx)) }));
  const running = execute(watched, { clock, signal: stop.signal, limits: { bmc: 1 }, observers: [rec.observer] });
  await clock.advance(50);
  stop.abort(new Error('SIGINT'));
  const result = await clock.runUntil(running);
  assert.is(result.status, 'interrupted');
  assert.is(result.nodes.get('a')?.outcome, 'interrupted');
  assert.is(result.nodes.get('b')?.outcome, 'interrupted');
  assert.is(result.nodes.get('queued')?.outcome, 'not-started');
  assert.is(result.nodes.get('after-a')?.outcome, 'not-started');
  assert.equal(t.starts, ['a', 'b']);
  assert.is(seen.length, 2);
  const types = rec.events.map((e) => e.type);
  assert.equal(types, ['start', 'start', 'interrupt', 'stopped', 'stopped']);
  const stopped = rec.events.filter((e) => e.type === 'stopped');
  assert.ok(stopped.every((e) => e.type === 'stopped' && e.ran && /SIGINT/.test(e.error)));
});

test('a node waiting to retry is not retried after an interruption', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const stop = new AbortController();
  const running = execute([testNode(t, 'flaky', { failOn: [1, 2], retry: { attempts: 3, backoffMs: 1000 } })], { clock, signal: stop.signal });
  await clock.advance(10);
  stop.abort();
  const result = await clock.runUntil(running);
  assert.is(result.status, 'interrupted');
  assert.is(result.nodes.get('flaky')?.outcome, 'interrupted');
  assert.is(t.of('flaky').length, 1);
});

test('a node that ignores its signal does not hold the run beyond the grace period', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const stop = new AbortController();
  const running = execute([testNode(t, 'deaf', { deaf: true })], { clock, signal: stop.signal, interruptGraceMs: 3000 });
  await clock.advance(100);
  stop.abort();
  const result = await clock.runUntil(running);
  assert.is(result.status, 'interrupted');
  assert.is(result.nodes.get('deaf')?.outcome, 'interrupted');
  assert.is(clock.now(), 3100);
});

test('a signal aborted before the run starts nothing', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const stop = new AbortController();
  stop.abort();
  const result = await clock.runUntil(execute([testNode(t, 'a'), testNode(t, 'b')], { clock, signal: stop.signal }));
  assert.is(result.status, 'interrupted');
  assert.is(t.starts.length, 0);
  assert.is(result.counts['not-started'], 2);
});

test.run();
