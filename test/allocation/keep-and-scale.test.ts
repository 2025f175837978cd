import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateServers, existingBindings, type AllocationRequest } from '../../runtime/allocation/index.ts';
import { inventoryOf, servers } from './helpers/inventory.ts';

/** edge/control is deployed on servers 1-3 (indexes 0-2); servers 4-8 are free. */
const deployed = () =>
  inventoryOf([
    ...[1, 2, 3].map((id, index) => ({ id, holder: { infrastructure: 'edge', array: 'control', index } })),
    ...servers(4, 5),
  ]);

const control = (count: number, over: Partial<AllocationRequest> = {}): AllocationRequest => ({
  infrastructure: 'edge',
  array: 'control',
  datacenter: 'dc-east',
  demands: [{ serverType: 'M.8.32.2', count }],
  ...over,
});

const pairs = (a: { instances: readonly { index: number; serverId: number }[] }) => a.instances.map((i) => [i.index, i.serverId]);

test('existingBindings reads an array\'s instances from the inventory', () => {
  assert.equal([...existingBindings(deployed(), 'edge', 'control')], [[0, 1], [1, 2], [2, 3]]);
  assert.equal([...existingBindings(deployed(), 'edge', 'worker')], []);
});

test('an already-deployed array keeps its servers (active, held by this infrastructure)', () => {
  const inv = deployed();
  const { assignments, problems } = allocateServers(inv, [control(3, { keep: existingBindings(inv, 'edge', 'control') })]);
  assert.equal(problems, []);
  assert.equal(pairs(assignments[0]!), [[0, 1], [1, 2], [2, 3]]);
  assert.ok(assignments[0]!.instances.every((i) => i.reason === 'kept'));
  assert.equal(assignments[0]!.removed, []);
});

test('scale-up keeps every binding and adds new instances at the next indexes', () => {
  const inv = deployed();
  const { assignments } = allocateServers(inv, [control(5, { keep: { 0: 1, 1: 2, 2: 3 } })]);
  assert.equal(pairs(assignments[0]!), [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
  assert.equal(assignments[0]!.instances.map((i) => i.reason), ['kept', 'kept', 'kept', 'order', 'order']);
});

test('scale-down removes the highest indexes', () => {
  const { assignments } = allocateServers(deployed(), [control(1, { keep: { 0: 1, 1: 2, 2: 3 } })]);
  assert.equal(pairs(assignments[0]!), [[0, 1]]);
  assert.equal(assignments[0]!.removed, [
    { index: 1, serverId: 2, reason: 'scale_down' },
    { index: 2, serverId: 3, reason: 'scale_down' },
  ]);
});

test('scale-down removes the targeted indexes when told which', () => {
  const { assignments, problems } = allocateServers(deployed(), [control(2, { keep: { 0: 1, 1: 2, 2: 3 }, remove: [0] })]);
  assert.equal(problems, []);
  assert.equal(pairs(assignments[0]!), [[1, 2], [2, 3]]);
  assert.equal(assignments[0]!.removed, [{ index: 0, serverId: 1, reason: 'targeted' }]);
});

test('a freed index is the first one a new instance takes', () => {
  const { assignments } = allocateServers(deployed(), [control(3, { keep: { 0: 1, 1: 2, 2: 3 }, remove: [1] })]);
  assert.equal(pairs(assignments[0]!), [[0, 1], [1, 4], [2, 3]]);
});

test('released servers go to nobody else in the same call', () => {
  const inv = deployed();
  const other: AllocationRequest = { infrastructure: 'edge', array: 'worker', datacenter: 'dc-east', demands: [{ serverType: 'M.8.32.2', count: 5 }], preferred: [3] };
  const { assignments, problems } = allocateServers(inv, [control(1, { keep: { 0: 1, 1: 2, 2: 3 } }), other]);
  const worker = assignments[1]!;
  assert.equal(worker.instances.map((i) => i.serverId), [4, 5, 6, 7, 8]);
  assert.equal(worker.skipped[0]!.reason.kind, 'used_by');
  assert.equal(problems, []);
});

test('a split scales each type on its own; a kept server of a type no longer wanted is released', () => {
  const inv = inventoryOf([
    { id: 1, type: 'M.40.256.4', holder: { infrastructure: 'e', array: 'w', index: 0 } },
    { id: 2, type: 'M.40.256.4', holder: { infrastructure: 'e', array: 'w', index: 1 } },
    { id: 3, type: 'M.40.256.2', holder: { infrastructure: 'e', array: 'w', index: 2 } },
    { id: 4, type: 'M.16.64.2', holder: { infrastructure: 'e', array: 'w', index: 3 } },
    ...servers(10, 3, { type: 'M.40.256.2' }),
  ]);
  const req: AllocationRequest = {
    infrastructure: 'e',
    array: 'w',
    datacenter: 'dc-east',
    demands: [
      { serverType: 'M.40.256.4', count: 1 },
      { serverType: 'M.40.256.2', count: 3 },
    ],
    keep: existingBindings(inv, 'e', 'w'),
  };
  const { assignments, problems } = allocateServers(inv, [req]);
  assert.equal(problems, []);
  const a = assignments[0]!;
  assert.equal(a.instances.map((i) => [i.index, i.serverId, i.reason]), [
    [0, 1, 'kept'],
    [1, 10, 'order'],
    [2, 3, 'kept'],
    [3, 11, 'order'],
  ]);
  assert.equal(a.removed, [
    { index: 1, serverId: 2, reason: 'scale_down' },
    { index: 3, serverId: 4, reason: 'type_not_wanted' },
  ]);
});

test('a preferred server the array already keeps says nothing; one it releases is not_needed', () => {
  const { assignments } = allocateServers(deployed(), [control(2, { keep: { 0: 1, 1: 2, 2: 3 }, preferred: [1, 3] })]);
  const a = assignments[0]!;
  assert.equal(pairs(a), [[0, 1], [1, 2]]);
  assert.equal(a.skipped.map((s) => [s.serverId, s.reason.kind]), [[3, 'not_needed']]);
});

test('bad kept bindings are problems: unknown server, kept twice, held elsewhere, bad target', () => {
  const inv = inventoryOf([...servers(1, 3), { id: 9, holder: { infrastructure: 'prod', array: 'db' } }]);
  const { problems, assignments } = allocateServers(inv, [
    control(2, { keep: { 0: 1, 1: 77 }, remove: [5] }),
    control(2, { array: 'other', keep: { 0: 1, 1: 9 } }),
  ]);
  assert.equal(problems.map((p) => p.message), [
    'edge/control: instance 1 keeps server 77, which is not in the inventory',
    'edge/control: instance 5 is targeted for removal but is not among the kept bindings',
    'edge/other: instance 0 keeps server 1, which edge/control also keeps',
    'edge/other: instance 1 keeps server 9, which the inventory shows bound to prod/db',
    // The dropped bindings leave edge/other short, and the shortage says why.
    'edge/other: need 2 M.8.32.2 in dc-east: 1 available, 1 used by infrastructure prod, 2 used by array control of this infrastructure',
  ]);
  // No server ever goes to two instances, even with bad input.
  const all = assignments.flatMap((a) => a.instances.map((i) => i.serverId));
  assert.is(new Set(all).size, all.length);
});

test.run();
