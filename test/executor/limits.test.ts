import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { DEFAULT_LIMITS, execute, GraphError, resolveLimits, type ExecNode } from '../../runtime/executor/index.ts';
import { testNode, Trace } from './helpers/nodes.ts';

test('per-key limits: never more than two calls per BMC, while different BMCs run side by side', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes: ExecNode[] = [];
  for (let i = 0; i < 10; i++) {
    for (const bmc of ['s1', 's2']) nodes.push(testNode(t, `${bmc}/${i}`, { ms: 10 + i, resources: [`bmc:${bmc}`], labels: [`bmc:${bmc}`, 'all'] }));
  }
  const result = await clock.runUntil(execute(nodes, { clock, limits: { bmc: 2 } }));
  assert.is(result.status, 'succeeded');
  assert.is(t.maxInFlight.get('bmc:s1'), 2);
  assert.is(t.maxInFlight.get('bmc:s2'), 2);
  assert.is(t.maxInFlight.get('all'), 4);
});

test('class totals: at most three SSH connections over all hosts', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes = Array.from({ length: 12 }, (_, i) => testNode(t, `ssh/${i}`, { ms: 7, resources: [`ssh:10.0.0.${i}`], labels: ['ssh'] }));
  await clock.runUntil(execute(nodes, { clock, limits: { ssh: 3 } }));
  assert.is(t.maxInFlight.get('ssh'), 3);
  assert.is(clock.now(), 28); // 12 nodes, 3 at a time, 7 ms each
});

test('a waiting node holds no slot', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes: ExecNode[] = [];
  for (let i = 0; i < 4; i++) nodes.push(testNode(t, `call/${i}`, { ms: 10, resources: ['bmc:s1'], labels: ['calls'] }));
  for (let i = 0; i < 3; i++) nodes.push(testNode(t, `wait/${i}`, { ms: 50, resources: ['bmc:s1'], waitsOnly: true, labels: ['waits'] }));
  await clock.runUntil(execute(nodes, { clock, limits: { bmc: 2 } }));
  assert.is(t.maxInFlight.get('calls'), 2);
  // All three waits started at once, although two calls held both BMC slots.
  assert.equal([0, 1, 2].map((i) => t.first(`wait/${i}`).start), [0, 0, 0]);
  assert.equal([0, 1, 2, 3].map((i) => t.first(`call/${i}`).start), [0, 0, 10, 10]);
});

test('instances in flight: an instance keeps its slot from its first step to its last', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes: ExecNode[] = [];
  for (const inst of ['i0', 'i1', 'i2', 'i3']) {
    for (const step of ['a', 'b', 'c']) {
      nodes.push(testNode(t, `${inst}/${step}`, { ms: 5, resources: [`instance:${inst}`], needs: step === 'a' ? [] : [`${inst}/${String.fromCharCode(step.charCodeAt(0) - 1)}`] }));
    }
  }
  const result = await clock.runUntil(execute(nodes, { clock, limits: { instance: 2 } }));
  assert.is(result.status, 'succeeded');
  const open = (inst: string) => [t.first(`${inst}/a`).start, t.first(`${inst}/c`).end!] as const;
  const intervals = ['i0', 'i1', 'i2', 'i3'].map(open);
  for (let time = 0; time < clock.now(); time++) {
    const inFlight = intervals.filter(([s, e]) => s <= time && time < e).length;
    assert.ok(inFlight <= 2, `${inFlight} instances in flight at t=${time}`);
  }
  assert.equal(intervals, [
    [0, 15],
    [0, 15],
    [15, 30],
    [15, 30],
  ]);
});

test('rollout max_parallel bounds the members in flight, whatever their number of steps', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes: ExecNode[] = [];
  for (let m = 0; m < 6; m++) {
    const member = `w[${m}]`;
    nodes.push(testNode(t, `${member}/install`, { ms: 4 + m, group: { name: 'w', member, maxParallel: 2 } }));
    nodes.push(testNode(t, `${member}/ready`, { ms: 3, needs: [`${member}/install`], group: { name: 'w', member, maxParallel: 2 } }));
  }
  await clock.runUntil(execute(nodes, { clock }));
  const intervals = Array.from({ length: 6 }, (_, m) => [t.first(`w[${m}]/install`).start, t.first(`w[${m}]/ready`).end!] as const);
  let peak = 0;
  for (let time = 0; time < clock.now(); time++) peak = Math.max(peak, intervals.filter(([s, e]) => s <= time && time < e).length);
  assert.is(peak, 2);
});

test('a deadlock between held instance slots is broken rather than hanging', async () => {
  // i0 and i1 take the only two slots; each one's second step needs i2's first step.
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes = [
    testNode(t, 'i0/a', { resources: ['instance:i0'] }),
    testNode(t, 'i1/a', { resources: ['instance:i1'] }),
    testNode(t, 'i2/a', { resources: ['instance:i2'] }),
    testNode(t, 'i0/b', { resources: ['instance:i0'], needs: ['i0/a', 'i2/a'] }),
    testNode(t, 'i1/b', { resources: ['instance:i1'], needs: ['i1/a', 'i2/a'] }),
  ];
  const result = await clock.runUntil(execute(nodes, { clock, limits: { instance: 2 } }));
  assert.is(result.status, 'succeeded');
});

test('limit configuration: defaults, number shorthand, bad figures', () => {
  const limits = resolveLimits({ bmc: 3, ssh: 8, ipmi: 1, instance: { total: 5, span: true } });
  assert.equal(limits.get('bmc'), { perKey: 3 });
  assert.equal(limits.get('ssh'), { total: 8 });
  assert.equal(limits.get('ipmi'), { total: 1 });
  assert.equal(limits.get('switch'), DEFAULT_LIMITS.switch);
  assert.equal(limits.get('instance'), { total: 5, span: true });
  assert.throws(() => resolveLimits({ bmc: 0 }), (e: unknown) => e instanceof GraphError && /bmc\.perKey must be a whole number/.test(e.message));
  assert.throws(() => resolveLimits({ x: { span: true } }), /span needs a total/);
});

test.run();
