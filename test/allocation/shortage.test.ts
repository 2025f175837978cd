import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateServers, type AllocationRequest } from '../../runtime/allocation/index.ts';
import { inventoryOf, servers } from './helpers/inventory.ts';

const req = (count: number, over: Partial<AllocationRequest> = {}): AllocationRequest => ({
  infrastructure: 'prod',
  array: 'db',
  datacenter: 'dc-east',
  demands: [{ serverType: 'M.8.32.2', count }],
  ...over,
});

test('an impossible request says exactly what is missing, and still gets what there is', () => {
  const inv = inventoryOf([
    ...servers(1, 3),
    ...servers(4, 2, { holder: { infrastructure: 'edge', array: 'control' } }),
    { id: 6, status: 'quarantined' },
    ...servers(7, 2, { type: 'M.16.64.2' }),
  ]);
  const { problems, assignments } = allocateServers(inv, [req(5)]);
  assert.is(problems.length, 1);
  const p = problems[0]!;
  assert.is(p.message, 'prod/db: need 5 M.8.32.2 in dc-east: 3 available, 2 used by infrastructure edge, 1 quarantined');
  assert.is(p.code, 'insufficient_servers');
  assert.is(p.needed, 5);
  assert.is(p.missing, 2);
  assert.equal(p.breakdown!.usedBy, [{ holder: { infrastructure: 'edge' }, count: 2 }]);
  assert.equal(assignments[0]!.instances.map((i) => i.serverId), [1, 2, 3]);
});

test('every status is counted, in lifecycle order', () => {
  const statuses = ['retired', 'cleaning', 'failed', 'maintenance', 'releasing', 'quarantined', 'failed'] as const;
  const inv = inventoryOf([...statuses.map((status, i) => ({ id: 10 + i, status })), { id: 1 }]);
  const { problems } = allocateServers(inv, [req(4)]);
  assert.is(
    problems[0]!.message,
    'prod/db: need 4 M.8.32.2 in dc-east: 1 available, 1 releasing, 1 cleaning, 2 failed, 1 quarantined, 1 in maintenance, 1 retired',
  );
});

test('tags: servers lacking them are counted by what they lack', () => {
  const inv = inventoryOf([
    { id: 1, tags: ['nvme', 'gpu'] },
    { id: 2, tags: ['nvme'] },
    { id: 3, tags: ['nvme'] },
    { id: 4, tags: [] },
    { id: 5, tags: ['gpu'], status: 'maintenance' },
  ]);
  const { problems } = allocateServers(inv, [req(3, { tags: ['nvme', 'gpu'] })]);
  assert.is(problems[0]!.message, 'prod/db: need 3 M.8.32.2 with tags nvme, gpu in dc-east: 1 available, 2 without tag gpu, 1 without tag nvme, 1 without tags nvme, gpu');
  const one = allocateServers(inventoryOf(servers(1, 2, { tags: ['ssd'] })), [req(1, { tags: ['nvme'] })]);
  assert.is(one.problems[0]!.message, 'prod/db: need 1 M.8.32.2 with tag nvme in dc-east: 0 available, 2 without tag nvme');
});

test('kept servers are not counted as missing: the message says how many more', () => {
  const inv = inventoryOf([...servers(1, 2, { holder: { infrastructure: 'prod', array: 'db' } }), { id: 3 }]);
  const { problems, assignments } = allocateServers(inv, [req(5, { keep: { 0: 1, 1: 2 } })]);
  assert.is(problems[0]!.message, 'prod/db: need 3 more M.8.32.2 in dc-east (5 in all, 2 kept): 1 available');
  assert.equal(assignments[0]!.instances.map((i) => [i.index, i.serverId]), [[0, 1], [1, 2], [2, 3]]);
});

test('servers taken by earlier requests of the same call count as used by them', () => {
  const inv = inventoryOf(servers(1, 4));
  const { problems } = allocateServers(inv, [
    req(3, { array: 'web' }),
    req(1, { infrastructure: 'alpha', array: 'x' }),
    req(2, { array: 'zz' }),
  ]);
  assert.equal(problems.map((p) => p.message), ['prod/zz: need 2 M.8.32.2 in dc-east: 0 available, 1 used by infrastructure alpha, 3 used by array web of this infrastructure']);
});

test('a datacenter without the type says so', () => {
  const inv = inventoryOf(servers(1, 2, { datacenter: 'dc-east' }));
  const { problems } = allocateServers(inv, [req(2, { datacenter: 'dc-west' })]);
  assert.is(problems[0]!.message, 'prod/db: need 2 M.8.32.2 in dc-west: dc-west has no M.8.32.2 server');
});

test('one type of a split falling short does not stop the other', () => {
  const inv = inventoryOf([...servers(1, 2, { type: 'M.40.256.4' }), ...servers(5, 1, { type: 'M.40.256.2' })]);
  const { problems, assignments } = allocateServers(inv, [
    req(0, { demands: [{ serverType: 'M.40.256.4', count: 3 }, { serverType: 'M.40.256.2', count: 1 }] }),
  ]);
  assert.equal(problems.map((p) => [p.serverType, p.missing]), [['M.40.256.4', 1]]);
  assert.equal(assignments[0]!.instances.map((i) => [i.index, i.serverId]), [[0, 1], [1, 2], [2, 5]]);
});

test.run();
