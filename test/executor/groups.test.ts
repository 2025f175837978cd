import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { execute, type ExecNode, type GroupSpec } from '../../runtime/executor/index.ts';
import { recorder, testNode, Trace, type TestNodeOptions } from './helpers/nodes.ts';

/** Members `w[i]`, each `install` then `ready`; `failing` members fail at install. */
function rollout(t: Trace, count: number, spec: Omit<GroupSpec, 'member' | 'name'>, failing: readonly number[], ms = 10): ExecNode[] {
  const nodes: ExecNode[] = [];
  for (let i = 0; i < count; i++) {
    const member = `w[${i}]`;
    const group = { name: 'w', member, ...spec };
    const install: TestNodeOptions = { ms, group, ...(failing.includes(i) ? { failOn: [1] } : {}) };
    nodes.push(testNode(t, `${member}/install`, install));
    nodes.push(testNode(t, `${member}/ready`, { ms, group, needs: [`${member}/install`] }));
  }
  return nodes;
}

test('failures within max_failures: the group dependents that tolerate them run, and the failed members are listed', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes = [
    ...rollout(t, 4, { maxFailures: 1 }, [2]),
    testNode(t, 'post/join', { needsGroup: [{ name: 'w', tolerateFailures: true }] }),
    testNode(t, 'post/strict', { needsGroup: [{ name: 'w' }] }),
  ];
  const result = await clock.runUntil(execute(nodes, { clock }));
  assert.is(result.nodes.get('post/join')?.outcome, 'succeeded');
  // post/join started only once every member had settled.
  assert.is(t.first('post/join').start, 20);
  assert.is(result.nodes.get('post/strict')?.outcome, 'skipped');
  assert.match(result.nodes.get('post/strict')?.reason ?? '', /needs group w, where 1 member failed \(allowed: 0\)/);
  assert.equal(result.groups.get('w'), { name: 'w', members: 4, failedMembers: ['w[2]'], maxFailures: 1, stopped: false });
  assert.is(result.nodes.get('w[2]/ready')?.outcome, 'skipped');
  assert.is(result.status, 'failed');
});

test('more failures than allowed: members not started are skipped, and so are the group dependents', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const rec = recorder();
  const nodes = [...rollout(t, 5, { maxParallel: 1, maxFailures: 1 }, [0, 1]), testNode(t, 'post/join', { needsGroup: [{ name: 'w', tolerateFailures: true }] })];
  const result = await clock.runUntil(execute(nodes, { clock, observers: [rec.observer] }));
  assert.equal(t.starts, ['w[0]/install', 'w[1]/install']);
  for (const m of [2, 3, 4]) {
    assert.is(result.nodes.get(`w[${m}]/install`)?.outcome, 'skipped');
    assert.match(result.nodes.get(`w[${m}]/install`)?.reason ?? '', /group w stopped after 2 failed members \(allowed: 1\)/);
  }
  assert.is(result.nodes.get('post/join')?.outcome, 'skipped');
  const g = result.groups.get('w');
  assert.equal(g?.failedMembers, ['w[0]', 'w[1]']);
  assert.is(g?.stopped, true);
  assert.equal(
    rec.events.filter((e) => e.type === 'group-stopped').map((e) => (e.type === 'group-stopped' ? e.failedMembers : [])),
    [['w[0]', 'w[1]']],
  );
  const skipKinds = new Set(rec.events.flatMap((e) => (e.type === 'skip' && e.id.startsWith('w[') && !e.id.startsWith('w[0]') && !e.id.startsWith('w[1]') ? [e.kind] : [])));
  assert.equal([...skipKinds], ['group-stopped']);
});

test('members already in flight when the rollout stops finish their steps', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes: ExecNode[] = [];
  // w[0] fails at t=5 while w[1] and w[2] are installing (10 ms); w[3] waits for a slot.
  for (let i = 0; i < 4; i++) {
    const member = `w[${i}]`;
    const group = { name: 'w', member, maxParallel: 3, maxFailures: 0 };
    nodes.push(testNode(t, `${member}/install`, { ms: i === 0 ? 5 : 10, group, failOn: i === 0 ? [1] : [] }));
    nodes.push(testNode(t, `${member}/ready`, { ms: 10, group, needs: [`${member}/install`] }));
  }
  const result = await clock.runUntil(execute(nodes, { clock }));
  for (const m of [1, 2]) {
    assert.is(result.nodes.get(`w[${m}]/install`)?.outcome, 'succeeded');
    assert.is(result.nodes.get(`w[${m}]/ready`)?.outcome, 'succeeded');
  }
  assert.is(result.nodes.get('w[3]/install')?.outcome, 'skipped');
  assert.equal(result.groups.get('w')?.failedMembers, ['w[0]']);
});

test('a member whose step was skipped because of a need outside the group counts as failed', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const nodes = [
    testNode(t, 'pre/vips', { failOn: [1] }),
    testNode(t, 'w[0]/install', { group: { name: 'w', member: 'w[0]', maxFailures: 1 } }),
    testNode(t, 'w[1]/install', { group: { name: 'w', member: 'w[1]', maxFailures: 1 }, needs: ['pre/vips'] }),
    testNode(t, 'post', { needsGroup: [{ name: 'w', tolerateFailures: true }] }),
  ];
  const result = await clock.runUntil(execute(nodes, { clock }));
  assert.equal(result.groups.get('w')?.failedMembers, ['w[1]']);
  assert.is(result.nodes.get('post')?.outcome, 'succeeded');
});

test('a group nobody belongs to is settled from the start', async () => {
  const clock = new ManualClock();
  const t = new Trace(clock);
  const result = await clock.runUntil(execute([testNode(t, 'post', { needsGroup: [{ name: 'empty' }] })], { clock }));
  assert.is(result.nodes.get('post')?.outcome, 'succeeded');
});

test.run();
