import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateServers, type AllocationRequest } from '../../runtime/allocation/index.ts';
import { createDemoInventory } from '../../runtime/inventory/index.ts';
import { inventoryOf, servers } from './helpers/inventory.ts';

const worker = (over: Partial<AllocationRequest> = {}): AllocationRequest => ({
  infrastructure: 'edge',
  array: 'worker',
  datacenter: 'dc-east',
  demands: [
    { serverType: 'M.40.256.4', count: 3 },
    { serverType: 'M.40.256.2', count: 1 },
  ],
  ...over,
});

test('a split gives each type its count, indexes grouped by type in the order given', () => {
  const inv = inventoryOf([...servers(1, 5, { type: 'M.40.256.4' }), ...servers(10, 2, { type: 'M.40.256.2' })]);
  const { assignments, problems } = allocateServers(inv, [worker()]);
  assert.equal(problems, []);
  const a = assignments[0]!;
  assert.equal(a.instances.map((i) => [i.index, i.serverId, i.serverType]), [
    [0, 1, 'M.40.256.4'],
    [1, 2, 'M.40.256.4'],
    [2, 3, 'M.40.256.4'],
    [3, 10, 'M.40.256.2'],
  ]);
});

test('an array-wide preference goes to the demand of its own type; preferred first within each type', () => {
  const inv = inventoryOf([...servers(1, 5, { type: 'M.40.256.4' }), ...servers(10, 2, { type: 'M.40.256.2' })]);
  const { assignments } = allocateServers(inv, [worker({ preferred: [11, 5] })]);
  const a = assignments[0]!;
  assert.equal(a.instances.map((i) => [i.index, i.serverId, i.reason]), [
    [0, 5, 'preferred'],
    [1, 1, 'order'],
    [2, 2, 'order'],
    [3, 11, 'preferred'],
  ]);
  assert.equal(a.skipped, []);
});

test('a per-demand preference of another wanted type is wrong_type for that demand', () => {
  const inv = inventoryOf([...servers(1, 5, { type: 'M.40.256.4' }), ...servers(10, 2, { type: 'M.40.256.2' })]);
  const req = worker({
    demands: [
      { serverType: 'M.40.256.4', count: 1, preferred: [11] },
      { serverType: 'M.40.256.2', count: 1 },
    ],
  });
  const a = allocateServers(inv, [req]).assignments[0]!;
  assert.equal(a.instances.map((i) => i.serverId), [1, 10]);
  assert.equal(a.skipped[0]!.reason, { kind: 'wrong_type', serverType: 'M.40.256.2', wanted: ['M.40.256.4'] });
});

test('a zero count in a split allocates nothing of that type', () => {
  const inv = inventoryOf([...servers(1, 2, { type: 'M.40.256.4' }), ...servers(10, 2, { type: 'M.40.256.2' })]);
  const req = worker({ demands: [{ serverType: 'M.40.256.4', count: 0 }, { serverType: 'M.40.256.2', count: 2 }] });
  const { assignments, problems } = allocateServers(inv, [req]);
  assert.equal(problems, []);
  assert.equal(assignments[0]!.instances.map((i) => i.serverId), [10, 11]);
});

test('tags: only servers carrying every listed tag are allocated', () => {
  const inv = inventoryOf([
    { id: 1, tags: ['ssd'] },
    { id: 2, tags: ['nvme'] },
    { id: 3, tags: ['nvme', 'gpu'] },
    { id: 4, tags: ['gpu', 'nvme', 'x'] },
  ]);
  const req: AllocationRequest = { infrastructure: 'i', array: 'a', datacenter: 'dc-east', demands: [{ serverType: 'M.8.32.2', count: 2 }], tags: ['nvme', 'gpu'] };
  const { assignments, problems } = allocateServers(inv, [req]);
  assert.equal(problems, []);
  assert.equal(assignments[0]!.instances.map((i) => i.serverId), [3, 4]);
});

test('the demo inventory: a GPU array gets GPU nodes, another datacenter is never used', () => {
  const inv = createDemoInventory(new Date(0));
  const req: AllocationRequest = { infrastructure: 'ml', array: 'train', datacenter: 'dc-east', demands: [{ serverType: 'G.48.512.2', count: 8 }], tags: ['gpu'] };
  const { assignments, problems } = allocateServers(inv, [req]);
  assert.equal(problems, []);
  const got = assignments[0]!.instances;
  assert.is(got.length, 8);
  for (const i of got) {
    const s = inv.servers.find((x) => x.id === i.serverId)!;
    assert.is(s.type, 'G.48.512.2');
    assert.is(s.datacenter, 'dc-east');
    assert.ok(s.tags.includes('gpu'));
  }
});

test('unknown server types and datacenters are problems that list what exists', () => {
  const inv = inventoryOf(servers(1, 2));
  const { problems, assignments } = allocateServers(inv, [
    { infrastructure: 'i', array: 'a', datacenter: 'dc-east', demands: [{ serverType: 'M.8.32.3', count: 1 }, { serverType: 'M.8.32.2', count: 1 }] },
    { infrastructure: 'i', array: 'b', datacenter: 'dc-north', demands: [{ serverType: 'M.8.32.2', count: 1 }] },
  ]);
  assert.equal(problems.map((p) => p.code), ['unknown_server_type', 'unknown_datacenter']);
  assert.match(problems[0]!.message, /^i\/a: server type M\.8\.32\.3 is not in the inventory \(known: G\.48\.512\.2, M\.16\.64\.2, M\.40\.256\.2, M\.40\.256\.4, M\.8\.32\.2\)$/);
  assert.is(problems[1]!.message, 'i/b: datacenter dc-north is not in the inventory (known: dc-east, dc-west)');
  assert.equal(assignments[0]!.instances.map((i) => i.serverId), [1], 'the valid demand is still met');
  assert.equal(assignments[1]!.instances, []);
});

test('malformed requests are problems, never exceptions', () => {
  const inv = inventoryOf(servers(1, 2));
  const base = { infrastructure: 'i', datacenter: 'dc-east' };
  const { problems } = allocateServers(inv, [
    { ...base, array: 'a', demands: [{ serverType: 'M.8.32.2', count: -1 }] },
    { ...base, array: 'b', demands: [{ serverType: 'M.8.32.2', count: 1 }, { serverType: 'M.8.32.2', count: 1 }] },
    { ...base, array: 'c', demands: [] },
    { ...base, array: 'c', demands: [] },
  ]);
  assert.equal(problems.map((p) => [p.array, p.code]), [
    ['a', 'invalid_request'],
    ['b', 'invalid_request'],
    ['c', 'invalid_request'],
  ]);
});

test.run();
