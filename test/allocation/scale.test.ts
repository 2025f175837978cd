import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateServers, type AllocationRequest } from '../../runtime/allocation/index.ts';
import { DEMO_SERVER_TYPES } from '../../runtime/inventory/index.ts';
import { inventoryOf, type ServerSpec } from './helpers/inventory.ts';

// Correctness at scale: 10,000 instances against 100,000 servers. Timing is
// the benchmark's job (bench/allocation.ts), never asserted here.

const TYPES = DEMO_SERVER_TYPES.map((t) => t.name);
const specs: ServerSpec[] = Array.from({ length: 100_000 }, (_, i) => {
  const rack = Math.floor(i / 40);
  const datacenter = rack % 2 === 0 ? 'dc-east' : 'dc-west';
  return {
    id: 100_000 - i, // ids against file order: the index must not rely on either
    type: TYPES[i % TYPES.length]!,
    datacenter,
    rack: `${datacenter}-r${String(rack).padStart(4, '0')}`,
    tags: i % 3 === 0 ? ['nvme', 'gpu'] : ['ssd'],
    status: i % 50 === 0 ? 'maintenance' : 'available',
  };
});
const inv = inventoryOf(specs);

function allocate(requests: readonly AllocationRequest[]) {
  return { result: allocateServers(inv, requests) };
}

test('100 arrays of 100 instances (spread, tags, preferences) against 100,000 servers', () => {
  const requests: AllocationRequest[] = Array.from({ length: 100 }, (_, i) => ({
    infrastructure: `infra-${i % 10}`,
    array: `array-${i}`,
    datacenter: i % 2 === 0 ? 'dc-east' : 'dc-west',
    demands: [{ serverType: TYPES[i % TYPES.length]!, count: 100 }],
    spread: i % 2 === 0 ? 'rack' : 'none',
    ...(i % 4 === 0 ? { tags: ['nvme'] } : {}),
    preferred: [i * 7 + 1, `srv-${String(i * 13 + 1).padStart(4, '0')}`],
  }));
  const { result } = allocate(requests);
  assert.equal(result.problems, []);
  assert.is(result.assignments.reduce((n, a) => n + a.instances.length, 0), 10_000);
});

test('10,000 single-instance arrays spread over racks', () => {
  const requests: AllocationRequest[] = Array.from({ length: 10_000 }, (_, i) => ({
    infrastructure: 'big',
    array: `a${String(i).padStart(5, '0')}`,
    datacenter: 'dc-east',
    demands: [{ serverType: TYPES[i % TYPES.length]!, count: 1 }],
    spread: 'rack',
  }));
  const { result } = allocate(requests);
  assert.equal(result.problems, []);
});

test.run();
