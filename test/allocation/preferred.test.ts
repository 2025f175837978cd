import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateServers, type AllocationRequest, type ArrayAllocation } from '../../runtime/allocation/index.ts';
import { inventoryOf, servers, type ServerSpec } from './helpers/inventory.ts';

const control = (over: Partial<AllocationRequest> = {}): AllocationRequest => ({
  infrastructure: 'edge',
  array: 'control',
  datacenter: 'dc-east',
  demands: [{ serverType: 'M.8.32.2', count: 2 }],
  ...over,
});

/** Four free M.8.32.2 (ids 1-4) plus whatever the test adds. */
function run(extra: readonly ServerSpec[], request: AllocationRequest) {
  const inv = inventoryOf([...servers(1, 4), ...extra]);
  const result = allocateServers(inv, [request]);
  assert.equal(result.problems, []);
  const a = result.assignments[0]!;
  return { a, ids: a.instances.map((i) => i.serverId) };
}

/** The preference was skipped for `kind`, and the array still got its count from the right type. */
function assertSkipped(a: ArrayAllocation, serverId: number, kind: string, count = 2) {
  assert.is(a.instances.length, count);
  assert.ok(a.instances.every((i) => i.serverType === 'M.8.32.2'));
  assert.not.ok(a.instances.some((i) => i.serverId === serverId));
  assert.is(a.skipped.length, 1);
  assert.is(a.skipped[0]!.serverId, serverId);
  assert.is(a.skipped[0]!.reason.kind, kind);
  assert.ok(a.skipped[0]!.message.includes(`id ${serverId}`), a.skipped[0]!.message);
}

test('an eligible preferred server is honoured first, by id or by name, in the order given', () => {
  const { a, ids } = run([], control({ preferred: ['srv-0004', 3] }));
  assert.equal(ids, [4, 3]);
  assert.equal(a.instances.map((i) => i.reason), ['preferred', 'preferred']);
  assert.equal(a.skipped, []);
  // Without preferences, candidate order (rack, name, id) decides.
  assert.equal(run([], control()).ids, [1, 2]);
});

test('only as many preferred servers as the count; the rest are not_needed', () => {
  const { a, ids } = run([], control({ preferred: [4, 3, 2] }));
  assert.equal(ids, [4, 3]);
  assertSkipped(a, 2, 'not_needed');
});

test('a preferred server of another type is skipped as wrong_type, naming both types', () => {
  const { a, ids } = run([{ id: 10, type: 'M.16.64.2' }], control({ preferred: [10] }));
  assert.equal(ids, [1, 2]);
  assertSkipped(a, 10, 'wrong_type');
  assert.equal(a.skipped[0]!.reason, { kind: 'wrong_type', serverType: 'M.16.64.2', wanted: ['M.8.32.2'] });
  assert.match(a.skipped[0]!.message, /is a M\.16\.64\.2 and the array wants M\.8\.32\.2/);
});

for (const status of ['maintenance', 'failed', 'retired', 'cleaning'] as const) {
  test(`a preferred server in status ${status} is skipped as not_available with its status`, () => {
    const { a } = run([{ id: 10, status }], control({ preferred: [10, 1] }));
    assertSkipped(a, 10, 'not_available');
    assert.equal(a.skipped[0]!.reason, { kind: 'not_available', status });
    assert.is(a.instances[0]!.serverId, 1, 'the next preference still counts');
    assert.is(a.instances[0]!.reason, 'preferred');
  });
}

test('a quarantined preferred server is skipped as quarantined', () => {
  const { a, ids } = run([{ id: 10, status: 'quarantined' }], control({ preferred: [10] }));
  assert.equal(ids, [1, 2]);
  assertSkipped(a, 10, 'quarantined');
  assert.match(a.skipped[0]!.message, /quarantined; another server of the right type is allocated instead/);
});

test('a preferred server used by another infrastructure is skipped as used_by, naming it', () => {
  const { a } = run([{ id: 10, holder: { infrastructure: 'prod', array: 'db' } }], control({ preferred: [10] }));
  assertSkipped(a, 10, 'used_by');
  assert.equal(a.skipped[0]!.reason, { kind: 'used_by', infrastructure: 'prod', array: 'db' });
  assert.match(a.skipped[0]!.message, /used by infrastructure prod \(array db\)/);
});

test('a preferred server reserved by another infrastructure (no instance yet) is used_by too', () => {
  const { a } = run([{ id: 10, holder: { infrastructure: 'prod' } }], control({ preferred: [10] }));
  assertSkipped(a, 10, 'used_by');
  assert.equal(a.skipped[0]!.reason, { kind: 'used_by', infrastructure: 'prod' });
});

test('a preferred server bound to another array of the same infrastructure is used_by that array', () => {
  const { a } = run([{ id: 10, holder: { infrastructure: 'edge', array: 'worker' } }], control({ preferred: [10] }));
  assertSkipped(a, 10, 'used_by');
  assert.match(a.skipped[0]!.message, /used by array worker of this infrastructure/);
});

test('a preferred server this infrastructure holds without an instance is honoured', () => {
  const { a, ids } = run([{ id: 10, holder: { infrastructure: 'edge' } }], control({ preferred: [10] }));
  assert.equal(ids, [10, 1]);
  assert.is(a.instances[0]!.reason, 'preferred');
  assert.equal(a.skipped, []);
});

test('a preferred server in another datacenter is skipped as not_in_datacenter', () => {
  const { a } = run([{ id: 70, datacenter: 'dc-west' }], control({ preferred: [70] }));
  assertSkipped(a, 70, 'not_in_datacenter');
  assert.equal(a.skipped[0]!.reason, { kind: 'not_in_datacenter', datacenter: 'dc-west', wanted: 'dc-east' });
});

test('an unknown preferred id or name is skipped as unknown', () => {
  const { a, ids } = run([], control({ preferred: [999, 'srv-nope'] }));
  assert.equal(ids, [1, 2]);
  assert.equal(a.skipped.map((s) => [s.preference, s.reason.kind, s.serverId]), [
    [999, 'unknown', undefined],
    ['srv-nope', 'unknown', undefined],
  ]);
  assert.match(a.skipped[0]!.message, /preferred server id 999 was skipped: the inventory has no server/);
});

test('a preferred server lacking a required tag is skipped as missing_tags', () => {
  const { a, ids } = run(
    [...servers(20, 2, { tags: ['nvme'] }), { id: 10, tags: ['ssd'] }],
    control({ tags: ['nvme'], preferred: [10] }),
  );
  assert.equal(ids, [20, 21]);
  assertSkipped(a, 10, 'missing_tags');
  assert.equal(a.skipped[0]!.reason, { kind: 'missing_tags', missing: ['nvme'] });
});

test('a server listed twice counts once; a serial number resolves as well', () => {
  const { a, ids } = run([], control({ preferred: ['SN-0003', 3] }));
  assert.equal(ids, [3, 1]);
  assert.equal(a.skipped.map((x) => [x.preference, x.serverId, x.reason.kind]), [[3, 3, 'duplicate']]);
});

test('two arrays preferring one server: the first in (infrastructure, array) order gets it, the other is told', () => {
  const inv = inventoryOf(servers(1, 4));
  const worker = control({ array: 'worker', demands: [{ serverType: 'M.8.32.2', count: 1 }], preferred: [3] });
  const result = allocateServers(inv, [worker, control({ preferred: [3] })]);
  assert.equal(result.problems, []);
  const [c, w] = result.assignments;
  assert.is(c!.array, 'control');
  assert.equal(c!.instances.map((i) => i.serverId), [3, 1]);
  assert.equal(w!.instances.map((i) => i.serverId), [2]);
  assert.equal(w!.skipped[0]!.reason, { kind: 'used_by', infrastructure: 'edge', array: 'control', inThisPlan: true });
  assert.match(w!.skipped[0]!.message, /taken earlier in this plan by array control of this infrastructure/);
});

test('a later array\'s preference is not taken by an earlier array\'s ordinary picks', () => {
  const inv = inventoryOf(servers(1, 3));
  const a = control({ array: 'a', demands: [{ serverType: 'M.8.32.2', count: 2 }] });
  const b = control({ array: 'b', demands: [{ serverType: 'M.8.32.2', count: 1 }], preferred: [1] });
  const result = allocateServers(inv, [a, b]);
  assert.equal(result.problems, []);
  assert.equal(result.assignments.map((x) => x.instances.map((i) => i.serverId)), [[2, 3], [1]]);
});

test.run();
