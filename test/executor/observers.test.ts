import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { execute } from '../../runtime/executor/index.ts';
import { recorder, testNode, Trace } from './helpers/nodes.ts';

test('events: start, log, success, skip, in order, with the clock time', async () => {
  const clock = new ManualClock(1000);
  const t = new Trace(clock);
  const rec = recorder();
  const nodes = [
    {
      ...testNode(t, 'a', { ms: 5 }),
      run: async (ctx: { log(line: string): void }) => {
        ctx.log('hello');
        await clock.sleep(5);
        return { x: 1 };
      },
    },
    testNode(t, 'b', { needs: ['a'], failOn: [1] }),
    testNode(t, 'c', { needs: ['b'] }),
  ];
  await clock.runUntil(execute(nodes, { clock, observers: [rec.observer] }));
  assert.equal(rec.events, [
    { type: 'start', id: 'a', attempt: 1, idempotent: true, at: 1000 },
    { type: 'log', id: 'a', attempt: 1, line: 'hello', at: 1000 },
    { type: 'success', id: 'a', attempt: 1, outputs: { x: 1 }, durationMs: 5, at: 1005 },
    { type: 'start', id: 'b', attempt: 1, idempotent: true, at: 1005 },
    { type: 'failure', id: 'b', attempt: 1, error: 'b failed on attempt 1', timedOut: false, durationMs: 0, at: 1005 },
    { type: 'skip', id: 'c', reason: 'needs b, which failed', kind: 'dependency', at: 1005 },
  ]);
});

test('beforeEffect runs after the start event and the side effect waits for it', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const order: string[] = [];
  const observer = {
    onEvent: (e: { type: string; id?: string }) => order.push(`${e.type}:${e.id}`),
    beforeEffect: async (e: { id: string }) => {
      order.push(`before:${e.id}`);
      await clock.sleep(7);
      order.push(`durable:${e.id}`);
    },
  };
  const node = { ...testNode(t, 'a'), run: async () => (order.push('effect:a'), {}) };
  await clock.runUntil(execute([node], { clock, observers: [observer] }));
  assert.equal(order, ['start:a', 'before:a', 'durable:a', 'effect:a', 'success:a']);
});

test('an observer that throws stops the run and the error comes back', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  let calls = 0;
  const observer = {
    onEvent: (e: { type: string }) => {
      if (e.type === 'start' && ++calls === 2) throw new Error('disk full');
    },
  };
  const nodes = [testNode(t, 'a'), testNode(t, 'b', { needs: ['a'] }), testNode(t, 'c', { needs: ['b'] })];
  await clock.runUntil(execute(nodes, { clock, observers: [observer] })).then(
    () => assert.unreachable('should have failed'),
    (e: unknown) => assert.match((e as Error).message, /disk full/),
  );
  // b's start could not be recorded, so b's side effect never began.
  assert.equal(t.starts, ['a']);
});

test('resume: finished nodes are not run again and lend their outputs; nodes in doubt are skipped with their dependents', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const rec = recorder();
  let seen: unknown;
  const nodes = [
    testNode(t, 'a'),
    testNode(t, 'b', { needs: ['a'], outputs: (ctx) => ((seen = ctx.outputsOf('a')), {}) }),
    // effect becomes ready as soon as a is marked done: it must still be held back.
    testNode(t, 'effect', { idempotent: false, needs: ['a'] }),
    testNode(t, 'after-effect', { needs: ['effect'] }),
  ];
  const resume = {
    done: new Map([['a', { ip: '10.0.0.1' }]]),
    uncertain: new Map([['effect', 'step effect may or may not have happened: check the counter']]),
  };
  const result = await clock.runUntil(execute(nodes, { clock, resume, observers: [rec.observer] }));
  assert.equal(t.starts, ['b']);
  assert.equal(seen, { ip: '10.0.0.1' });
  assert.equal(result.nodes.get('a'), { id: 'a', outcome: 'succeeded', attempts: 0, outputs: { ip: '10.0.0.1' }, resumed: true });
  assert.is(result.nodes.get('effect')?.outcome, 'skipped');
  assert.match(result.nodes.get('effect')?.reason ?? '', /may or may not have happened/);
  assert.is(result.nodes.get('after-effect')?.reason, 'needs effect, which was skipped');
  assert.equal(
    rec.events.filter((e) => e.type === 'resumed' || e.type === 'skip').map((e) => [e.type, e.id, e.type === 'skip' ? e.kind : '']),
    [
      ['resumed', 'a', ''],
      ['skip', 'effect', 'uncertain'],
      ['skip', 'after-effect', 'dependency'],
    ],
  );
});

test.run();
