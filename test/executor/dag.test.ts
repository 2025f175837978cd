import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { execute, GraphError, type ExecNode } from '../../runtime/executor/index.ts';
import { recorder, testNode, Trace } from './helpers/nodes.ts';

test('a node starts only after all its needs succeeded; independent nodes overlap', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes = [
    testNode(t, 'a', { ms: 10 }),
    testNode(t, 'b', { ms: 20, needs: ['a'] }),
    testNode(t, 'c', { ms: 30, needs: ['a'] }),
    testNode(t, 'd', { ms: 5, needs: ['b', 'c'] }),
  ];
  const result = await clock.runUntil(execute(nodes, { clock }));
  assert.is(result.status, 'succeeded');
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => t.first(id));
  assert.is(a!.start, 0);
  assert.is(b!.start, 10);
  assert.is(c!.start, 10);
  // b and c ran at the same time; d waited for the slower of them.
  assert.ok(b!.start < c!.end! && c!.start < b!.end!);
  assert.is(d!.start, 40);
  assert.is(clock.now(), 45);
});

test('ready nodes start in insertion order, not id order, and the same graph gives the same events', async () => {
  const run = async () => {
    const clock = new ManualClock();
    const t = new Trace(clock);
    const ids = ['zeta', 'alpha', 'mu', 'beta', 'omega'];
    // One BMC call at a time makes the order of starts observable.
    const nodes = ids.map((id) => testNode(t, id, { ms: 3, resources: ['bmc:one'] }));
    nodes.push(testNode(t, 'after-alpha', { ms: 1, needs: ['alpha'], resources: ['bmc:one'] }));
    const rec = recorder();
    await clock.runUntil(execute(nodes, { clock, limits: { bmc: 1 }, observers: [rec.observer] }));
    return { starts: t.starts, events: JSON.stringify(rec.events) };
  };
  const first = await run();
  // after-alpha became ready at t=6, behind mu which was already waiting; it was inserted last, so it goes last.
  assert.equal(first.starts, ['zeta', 'alpha', 'mu', 'beta', 'omega', 'after-alpha']);
  const second = await run();
  assert.is(second.events, first.events);
});

test('a node reads the outputs of the nodes it needs', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  let seen: unknown;
  const nodes = [
    testNode(t, 'vip', { outputs: () => ({ address: '10.0.0.9' }) }),
    testNode(t, 'join', {
      needs: ['vip'],
      outputs: (ctx) => {
        seen = ctx.outputsOf('vip');
        return {};
      },
    }),
  ];
  const result = await clock.runUntil(execute(nodes, { clock }));
  assert.equal(seen, { address: '10.0.0.9' });
  assert.equal(result.nodes.get('vip')?.outputs, { address: '10.0.0.9' });
});

test('a failed node skips everything after it, and only that', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const rec = recorder();
  const nodes = [
    testNode(t, 'a', { failOn: [1] }),
    testNode(t, 'b', { needs: ['a'] }),
    testNode(t, 'c', { needs: ['b'] }),
    testNode(t, 'other'),
  ];
  const result = await clock.runUntil(execute(nodes, { clock, observers: [rec.observer] }));
  assert.is(result.status, 'failed');
  assert.is(result.nodes.get('a')?.outcome, 'failed');
  assert.match(result.nodes.get('a')?.error ?? '', /a failed on attempt 1/);
  assert.is(result.nodes.get('b')?.outcome, 'skipped');
  assert.is(result.nodes.get('b')?.reason, 'needs a, which failed');
  assert.is(result.nodes.get('c')?.reason, 'needs b, which was skipped');
  assert.is(result.nodes.get('other')?.outcome, 'succeeded');
  assert.equal(t.starts, ['a', 'other']);
  assert.equal(
    rec.events.filter((e) => e.type === 'skip').map((e) => e.id),
    ['b', 'c'],
  );
  assert.equal(result.counts, { succeeded: 1, failed: 1, skipped: 2, interrupted: 0, 'not-started': 0 });
});

test('a long chain is skipped without running out of stack', async () => {
  const n = 30_000;
  const nodes: ExecNode[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({
      id: `s${i}`,
      needs: i === 0 ? [] : [`s${i - 1}`],
      idempotent: true,
      run: () => (i === 0 ? Promise.reject(new Error('boom')) : Promise.resolve({})),
    });
  }
  const result = await execute(nodes);
  assert.is(result.counts.skipped, n - 1);
});

test('the graph is checked before anything runs: duplicates, unknown needs, cycles', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const fails = (nodes: ExecNode[], re: RegExp) => {
    assert.throws(
      () => execute(nodes, { clock }),
      (e: unknown) => e instanceof GraphError && re.test(e.message),
    );
  };
  fails([testNode(t, 'a'), testNode(t, 'a')], /a is given twice/);
  fails([testNode(t, 'a', { needs: ['nope'] })], /a needs nope, which is not in the graph/);
  fails([testNode(t, 'a', { needs: ['b'] }), testNode(t, 'b', { needs: ['a'] }), testNode(t, 'c')], /cycle of needs runs through a, b$/);
  fails(
    [testNode(t, 'w0', { group: { name: 'w' }, needs: ['post'] }), testNode(t, 'post', { needsGroup: [{ name: 'w' }] })],
    /cycle of needs runs through w0, post/,
  );
  fails([testNode(t, 'w0', { group: { name: 'w' }, needsGroup: [{ name: 'w' }] })], /w0 needs its own group w/);
  fails(
    [testNode(t, 'w0', { group: { name: 'w', maxParallel: 2 } }), testNode(t, 'w1', { group: { name: 'w', maxParallel: 3 } })],
    /group w is given different limits/,
  );
  assert.is(t.starts.length, 0);
});

test('an empty graph succeeds at once', async () => {
  const result = await execute([]);
  assert.is(result.status, 'succeeded');
  assert.is(result.nodes.size, 0);
});

test.run();
