import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { execute, GraphError, type ExecNode, type ExecutorOptions } from '../../runtime/executor/index.ts';
import { testNode, Trace } from './helpers/nodes.ts';

/**
 * Five instances of two chained steps on two instance slots, the short ones
 * given first (whole-instance lengths 20, 20, 30, 30, 40 ms; each step
 * carries its duration as its estimate). Taken in the order given, the 40 ms
 * instance starts last, at 50 ms: makespan 90. Longest remaining path
 * first: 40 | 30, then 30 on the slot free at 30, the 20s at 40 and 60:
 * makespan 80 (the optimum is 70; list scheduling guarantees no better).
 */
async function instances(order: ExecutorOptions['order']): Promise<{ makespan: number; firstSteps: string[] }> {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const lengths = [20, 20, 30, 30, 40];
  const nodes: ExecNode[] = [];
  lengths.forEach((len, i) => {
    const inst = `i${i}`;
    const half = len / 2;
    nodes.push(testNode(t, `${inst}/a`, { ms: half, estimateMs: half, resources: [`instance:${inst}`] }));
    nodes.push(testNode(t, `${inst}/b`, { ms: half, estimateMs: half, needs: [`${inst}/a`], resources: [`instance:${inst}`] }));
  });
  const result = await clock.runUntil(execute(nodes, { clock, limits: { instance: 2 }, order }));
  assert.is(result.status, 'succeeded');
  return { makespan: clock.now(), firstSteps: t.starts.filter((id) => id.endsWith('/a')) };
}

test('critical-path-first: the longest instances take the slots first, and the tail is shorter', async () => {
  const { makespan, firstSteps } = await instances(undefined);
  assert.equal(firstSteps, ['i4/a', 'i2/a', 'i3/a', 'i0/a', 'i1/a']);
  assert.is(makespan, 80);
});

test('negative control: order "given" starts instances as listed and ends 10 ms later', async () => {
  const { makespan, firstSteps } = await instances('given');
  assert.equal(firstSteps, ['i0/a', 'i1/a', 'i2/a', 'i3/a', 'i4/a']);
  assert.is(makespan, 90);
});

test('the rank is the longest estimated path to the end, through needs and group needs', async () => {
  // One BMC call at a time: whichever is ranked first starts first.
  const run = async (order: ExecutorOptions['order']) => {
    const clock = new ManualClock();
    const t = new Trace(clock);
    const one = { resources: ['bmc:one'] };
    const nodes = [
      testNode(t, 'lone', { ms: 1, estimateMs: 10, ...one }),
      testNode(t, 'short-head', { ms: 1, estimateMs: 1, ...one }),
      testNode(t, 'long-tail', { ms: 1, estimateMs: 12, needs: ['short-head'] }),
      testNode(t, 'member', { ms: 1, estimateMs: 1, group: { name: 'w' }, ...one }),
      testNode(t, 'post', { ms: 1, estimateMs: 20, needsGroup: [{ name: 'w' }] }),
    ];
    await clock.runUntil(execute(nodes, { clock, limits: { bmc: 1 }, order }));
    return t.starts.filter((id) => id !== 'long-tail' && id !== 'post');
  };
  // member: 1 + 20 (post waits on its group); short-head: 1 + 12; lone: 10.
  assert.equal(await run(undefined), ['member', 'short-head', 'lone']);
  assert.equal(await run('given'), ['lone', 'short-head', 'member']);
});

test('a step of an instance in flight goes before a newcomer with a longer path at a contested limit', async () => {
  const run = async (order: ExecutorOptions['order']) => {
    const clock = new ManualClock();
    const t = new Trace(clock);
    const nodes = [
      // Holds the only SSH connection until t=15, so both steps below park on it.
      testNode(t, 'holder', { ms: 15, resources: ['ssh:h'] }),
      testNode(t, 'x', { ms: 10 }),
      testNode(t, 'i1/a', { ms: 20, estimateMs: 20, needs: ['x'], resources: ['instance:i1', 'ssh:i1'] }),
      testNode(t, 'i0/a', { ms: 10, estimateMs: 10, resources: ['instance:i0'] }),
      testNode(t, 'i0/b', { ms: 5, estimateMs: 5, needs: ['i0/a'], resources: ['instance:i0', 'ssh:i0'] }),
    ];
    await clock.runUntil(execute(nodes, { clock, limits: { ssh: 1 }, order }));
    return { i0b: t.first('i0/b').start, i1a: t.first('i1/a').start, end: clock.now() };
  };
  // i0 holds its instance slot from t=0: its last step should not wait 20 ms behind i1's first.
  assert.equal(await run(undefined), { i0b: 15, i1a: 20, end: 40 });
  assert.equal(await run('given'), { i0b: 35, i1a: 15, end: 40 });
});

test('a bad estimate is a graph error', () => {
  const t = new Trace(new ManualClock());
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(
      () => execute([testNode(t, 'a', { estimateMs: bad })]),
      (e: unknown) => e instanceof GraphError && /a: estimateMs must be a finite number of at least 0/.test(e.message),
    );
  }
});

test.run();
