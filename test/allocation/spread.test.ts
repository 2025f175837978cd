import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateServers, type AllocationRequest } from '../../runtime/allocation/index.ts';
import { inventoryOf, servers, type ServerSpec } from './helpers/inventory.ts';

const r = (n: number) => `dc-east-r0${n}`;
/** Rack 1: ids 1-4, rack 2: ids 11-12, rack 3: id 21; all M.8.32.2. */
const racks: ServerSpec[] = [...servers(1, 4, { rack: r(1) }), ...servers(11, 2, { rack: r(2) }), ...servers(21, 1, { rack: r(3) })];

const req = (count: number, over: Partial<AllocationRequest> = {}): AllocationRequest => ({
  infrastructure: 'edge',
  array: 'control',
  datacenter: 'dc-east',
  demands: [{ serverType: 'M.8.32.2', count }],
  spread: 'rack',
  ...over,
});

const rackCounts = (rs: readonly string[]) => Object.fromEntries([...new Set(rs)].sort().map((x) => [x, rs.filter((y) => y === x).length]));

test('spread: round-robin over racks, fewest used first, then by rack id', () => {
  const { assignments, problems } = allocateServers(inventoryOf(racks), [req(6)]);
  assert.equal(problems, []);
  const got = assignments[0]!.instances;
  assert.equal(got.map((i) => i.serverId), [1, 11, 21, 2, 12, 3]);
  assert.ok(got.every((i) => i.reason === 'spread'));
});

test('without spread, candidates are taken in (rack, name, id) order', () => {
  const { assignments } = allocateServers(inventoryOf(racks), [req(3, { spread: 'none' })]);
  assert.equal(assignments[0]!.instances.map((i) => [i.serverId, i.reason]), [
    [1, 'order'],
    [2, 'order'],
    [3, 'order'],
  ]);
});

test('spread counts what the array already has: kept and preferred servers', () => {
  // Kept in rack 1 and preferred in rack 2: the first new pick goes to rack 3, then 1 and 2 alternate by id.
  const { assignments } = allocateServers(inventoryOf([...racks, ...servers(30, 1, { rack: r(1), holder: { infrastructure: 'edge', array: 'control', index: 0 } })]), [
    req(4, { keep: { 0: 30 }, preferred: [12] }),
  ]);
  const got = assignments[0]!.instances;
  assert.equal(got.map((i) => [i.index, i.serverId, i.reason]), [
    [0, 30, 'kept'],
    [1, 12, 'preferred'],
    [2, 21, 'spread'],
    [3, 1, 'spread'],
  ]);
});

test('spread is as even as possible: rack counts never differ by more than one while every rack has servers', () => {
  const inv = inventoryOf([1, 2, 3, 4, 5].flatMap((n) => servers(n * 100, 10, { rack: r(n) })));
  for (const count of [1, 4, 5, 7, 13, 25]) {
    const rs = allocateServers(inv, [req(count)]).assignments[0]!.instances.map((i) => i.rack);
    const counts = Object.values(rackCounts(rs));
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `${count}: ${JSON.stringify(rackCounts(rs))}`);
    assert.is(counts.length, Math.min(count, 5));
  }
});

test('spread covers every type of a split together', () => {
  const inv = inventoryOf([
    ...servers(1, 2, { rack: r(1), type: 'M.40.256.4' }),
    ...servers(11, 2, { rack: r(2), type: 'M.40.256.4' }),
    ...servers(21, 2, { rack: r(1), type: 'M.40.256.2' }),
    ...servers(31, 2, { rack: r(2), type: 'M.40.256.2' }),
  ]);
  const { assignments } = allocateServers(inv, [
    req(0, { demands: [{ serverType: 'M.40.256.4', count: 1 }, { serverType: 'M.40.256.2', count: 1 }] }),
  ]);
  assert.equal(rackCounts(assignments[0]!.instances.map((i) => i.rack)), { [r(1)]: 1, [r(2)]: 1 });
});

test('a shortage with spread lists where the available servers are', () => {
  const { problems } = allocateServers(inventoryOf(racks), [req(9)]);
  assert.is(
    problems[0]!.message,
    `edge/control: need 9 M.8.32.2 in dc-east: 7 available (available by rack: ${r(1)} 4, ${r(2)} 2, ${r(3)} 1)`,
  );
});

test.run();
