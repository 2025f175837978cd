import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { allocateServers, existingBindings, type AllocationRequest, type AllocationResult } from '../../runtime/allocation/index.ts';
import { SERVER_STATUSES, type Inventory } from '../../runtime/inventory/index.ts';
import { inventoryOf, withServerOrder, type ServerSpec } from './helpers/inventory.ts';

const TYPES = ['M.8.32.2', 'M.16.64.2', 'M.40.256.4'] as const;
const DCS = ['dc-east', 'dc-west'] as const;
const TAGS = ['nvme', 'gpu', 'ssd'] as const;
const INFRAS = ['edge', 'prod'] as const;
const ARRAYS = ['a', 'b', 'c'] as const;

/** Mostly free servers, some in every other status, some held: by an instance of some array, or only reserved. */
const serverSpec = (id: number): fc.Arbitrary<ServerSpec> =>
  fc.record({
    id: fc.constant(id),
    type: fc.constantFrom(...TYPES),
    datacenter: fc.constantFrom(...DCS),
    rackNo: fc.integer({ min: 1, max: 3 }),
    status: fc.oneof({ weight: 4, arbitrary: fc.constant('available' as const) }, { weight: 1, arbitrary: fc.constantFrom(...SERVER_STATUSES) }),
    tags: fc.subarray([...TAGS]),
    holder: fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.record({ infrastructure: fc.constantFrom(...INFRAS), array: fc.constantFrom(...ARRAYS) }) },
      { weight: 1, arbitrary: fc.record({ infrastructure: fc.constantFrom(...INFRAS) }) },
    ),
  }).map(({ rackNo, status, holder, ...s }) => ({
    ...s,
    rack: `${s.datacenter}-r0${rackNo}`,
    // Held servers keep a status that fits a hold, as the inventory's integrity check demands.
    status: holder === undefined ? status : 'array' in holder ? ('active' as const) : ('reserved' as const),
    ...(holder !== undefined ? { holder } : {}),
  }));

const inventoryArb = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => serverSpec(i + 1))))
  .map((specs) => inventoryOf(specs));

const refArb = fc.oneof(fc.integer({ min: 1, max: 45 }), fc.integer({ min: 1, max: 45 }).map((n) => `srv-${String(n).padStart(4, '0')}`));

interface RequestSeed {
  readonly infrastructure: string;
  readonly array: string;
  readonly datacenter: string;
  readonly demands: { serverType: string; count: number; preferred: (number | string)[] }[];
  readonly tags: string[];
  readonly spread: 'rack' | 'none';
  readonly preferred: (number | string)[];
  readonly keepExisting: boolean;
  readonly scaleTarget: boolean;
}

const requestArb: fc.Arbitrary<RequestSeed> = fc.record({
  infrastructure: fc.constantFrom(...INFRAS),
  array: fc.constantFrom(...ARRAYS),
  datacenter: fc.constantFrom(...DCS),
  demands: fc.uniqueArray(
    fc.record({ serverType: fc.constantFrom(...TYPES), count: fc.integer({ min: 0, max: 6 }), preferred: fc.array(refArb, { maxLength: 3 }) }),
    { minLength: 1, maxLength: 2, selector: (d) => d.serverType },
  ),
  tags: fc.subarray([...TAGS], { maxLength: 2 }),
  spread: fc.constantFrom('rack' as const, 'none' as const),
  preferred: fc.array(refArb, { maxLength: 4 }),
  keepExisting: fc.boolean(),
  scaleTarget: fc.boolean(),
});

/** Requests as a planner would build them: kept bindings straight from the inventory. */
function toRequests(inv: Inventory, seeds: readonly RequestSeed[]): AllocationRequest[] {
  const seen = new Set<string>();
  return seeds
    .filter((s) => !seen.has(`${s.infrastructure}/${s.array}`) && seen.add(`${s.infrastructure}/${s.array}`))
    .map((s) => {
      const keep = s.keepExisting ? existingBindings(inv, s.infrastructure, s.array) : undefined;
      const first = keep?.keys().next().value;
      return {
        infrastructure: s.infrastructure,
        array: s.array,
        datacenter: s.datacenter,
        demands: s.demands,
        tags: s.tags,
        spread: s.spread,
        preferred: s.preferred,
        ...(keep !== undefined ? { keep } : {}),
        ...(s.scaleTarget && first !== undefined ? { remove: [first] } : {}),
      };
    });
}

const scenario = fc.tuple(inventoryArb, fc.array(requestArb, { minLength: 1, maxLength: 4 }));
const RUNS = { numRuns: 300 };

const allServerIds = (r: AllocationResult) => r.assignments.flatMap((a) => a.instances.map((i) => i.serverId));

test('no server is given to two instances, and no index is used twice', () => {
  fc.assert(
    fc.property(scenario, ([inv, seeds]) => {
      const r = allocateServers(inv, toRequests(inv, seeds));
      const ids = allServerIds(r);
      assert.is(new Set(ids).size, ids.length);
      for (const a of r.assignments) assert.is(new Set(a.instances.map((i) => i.index)).size, a.instances.length);
    }),
    RUNS,
  );
});

test('every new server has the requested type, tags and datacenter, and is free or already this infrastructure\'s', () => {
  fc.assert(
    fc.property(scenario, ([inv, seeds]) => {
      const requests = toRequests(inv, seeds);
      const r = allocateServers(inv, requests);
      const byId = new Map(inv.servers.map((s) => [s.id, s]));
      for (const a of r.assignments) {
        const req = requests.find((q) => q.infrastructure === a.infrastructure && q.array === a.array)!;
        const keep = req.keep instanceof Map ? req.keep : new Map<number, number>();
        for (const i of a.instances) {
          const s = byId.get(i.serverId)!;
          if (i.reason === 'kept') {
            assert.is(keep.get(i.index), s.id);
            continue;
          }
          assert.ok(req.demands.some((d) => d.serverType === s.type), `type ${s.type}`);
          assert.is(s.datacenter, req.datacenter);
          for (const t of req.tags ?? []) assert.ok(s.tags.includes(t), `tag ${t}`);
          const holder = inv.infrastructures.flatMap((x) => x.instances.filter((n) => n.server_id === s.id).map(() => x.name));
          const ok =
            (s.status === 'available' && s.allocation === null && holder.length === 0) ||
            (s.allocation?.infrastructure === req.infrastructure && holder.length === 0 && (s.status === 'reserved' || s.status === 'available'));
          assert.ok(ok, `server ${s.id} is ${s.status}, held by ${s.allocation?.infrastructure} / ${holder}`);
        }
      }
    }),
    RUNS,
  );
});

test('without problems, every array gets exactly its count, per type', () => {
  fc.assert(
    fc.property(scenario, ([inv, seeds]) => {
      const requests = toRequests(inv, seeds);
      const r = allocateServers(inv, requests);
      const short = new Set(r.problems.map((p) => `${p.infrastructure}/${p.array}/${p.serverType}`));
      for (const a of r.assignments) {
        const req = requests.find((q) => q.infrastructure === a.infrastructure && q.array === a.array)!;
        for (const d of req.demands) {
          if (short.has(`${a.infrastructure}/${a.array}/${d.serverType}`)) continue;
          assert.is(a.instances.filter((i) => i.serverType === d.serverType).length, d.count, `${a.array} ${d.serverType}`);
        }
      }
    }),
    RUNS,
  );
});

test('preferences never change how many servers an array gets', () => {
  fc.assert(
    fc.property(inventoryArb, requestArb, (inv, seed) => {
      const [withPrefs] = toRequests(inv, [seed]);
      const without: AllocationRequest = { ...withPrefs!, preferred: [], demands: withPrefs!.demands.map((d) => ({ serverType: d.serverType, count: d.count })) };
      const a = allocateServers(inv, [withPrefs!]);
      const b = allocateServers(inv, [without]);
      assert.is(a.assignments[0]!.instances.length, b.assignments[0]!.instances.length);
      for (const t of TYPES) {
        assert.is(
          a.assignments[0]!.instances.filter((i) => i.serverType === t).length,
          b.assignments[0]!.instances.filter((i) => i.serverType === t).length,
        );
      }
      assert.equal(a.problems.map((p) => [p.code, p.missing]), b.problems.map((p) => [p.code, p.missing]));
      // And preferences are never errors: every one is used or skipped with a reason.
      assert.ok(a.problems.every((p) => p.code !== 'invalid_request'));
    }),
    RUNS,
  );
});

test('the result is identical whatever the order of servers in the inventory (and of the requests)', () => {
  fc.assert(
    fc.property(
      scenario.chain(([inv, seeds]) =>
        fc.tuple(fc.constant(inv), fc.constant(seeds), fc.shuffledSubarray([...inv.servers.keys()], { minLength: inv.servers.length })),
      ),
      ([inv, seeds, order]) => {
        const requests = toRequests(inv, seeds);
        const expected = allocateServers(inv, requests);
        const permuted = withServerOrder(inv, order);
        assert.equal(allocateServers(permuted, [...requests].reverse()), expected);
      },
    ),
    RUNS,
  );
});

test('spread: no rack gets two more than a rack that still has a fitting free server', () => {
  fc.assert(
    fc.property(inventoryArb, fc.constantFrom(...TYPES), fc.integer({ min: 1, max: 12 }), fc.subarray([...TAGS], { maxLength: 1 }), (inv, type, count, tags) => {
      const req: AllocationRequest = { infrastructure: 'edge', array: 'a', datacenter: 'dc-east', demands: [{ serverType: type, count }], tags, spread: 'rack' };
      const got = allocateServers(inv, [req]).assignments[0]!.instances;
      const taken = new Set(got.map((i) => i.serverId));
      const perRack = new Map<string, number>();
      for (const i of got) perRack.set(i.rack, (perRack.get(i.rack) ?? 0) + 1);
      const bound = new Set(inv.infrastructures.flatMap((x) => x.instances.map((n) => n.server_id)));
      const leftover = inv.servers.filter(
        (s) => !taken.has(s.id) && s.type === type && s.datacenter === 'dc-east' && s.status === 'available' && s.allocation === null && !bound.has(s.id) && tags.every((t) => s.tags.includes(t)),
      );
      for (const spare of leftover) {
        for (const [rack, n] of perRack) assert.ok(n <= (perRack.get(spare.rack) ?? 0) + 1, `${rack} has ${n}, ${spare.rack} has spare ${spare.id}`);
      }
    }),
    RUNS,
  );
});

test.run();
