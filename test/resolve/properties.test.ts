import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { Plan } from '../../compiler/plan/index.ts';
import { cidrContains, cidrOverlaps } from '../../runtime/ipam/index.ts';
import { SERVER_STATUSES, type Inventory } from '../../runtime/inventory/index.ts';
import { resolvePlan, type Resolution } from '../../runtime/resolve/index.ts';
import { fail } from '../support/index.ts';
import { applied, demo, planOf } from './helpers.ts';

// Properties of the resolution over generated blueprints and inventories
// (the demo datacenters with servers in random statuses, some taken, and
// another blueprint's subnets and VLANs in the way).

const TYPES = ['M.8.32.2', 'M.16.64.2', 'M.40.256.4', 'G.48.512.2'] as const;

interface ArraySeed {
  readonly type: (typeof TYPES)[number];
  readonly count: number;
  readonly tag?: 'nvme' | 'ssd' | 'gpu';
  readonly spread: boolean;
  readonly prefer: readonly number[];
  readonly san: boolean;
}

interface InfraSeed {
  readonly datacenter: 'dc-east' | 'dc-west';
  readonly arrays: readonly ArraySeed[];
  readonly san: boolean;
  readonly v4?: number;
  readonly v6: boolean;
}

const arraySeed: fc.Arbitrary<ArraySeed> = fc.record(
  {
    type: fc.constantFrom(...TYPES),
    count: fc.integer({ min: 0, max: 5 }),
    tag: fc.constantFrom('nvme' as const, 'ssd' as const, 'gpu' as const),
    spread: fc.boolean(),
    prefer: fc.array(fc.integer({ min: 1, max: 75 }), { maxLength: 3 }),
    san: fc.boolean(),
  },
  { requiredKeys: ['type', 'count', 'spread', 'prefer', 'san'] },
);

const infraSeed: fc.Arbitrary<InfraSeed> = fc.record(
  {
    datacenter: fc.constantFrom('dc-east' as const, 'dc-west' as const),
    arrays: fc.array(arraySeed, { maxLength: 3 }),
    san: fc.boolean(),
    v4: fc.integer({ min: 26, max: 29 }),
    v6: fc.boolean(),
  },
  { requiredKeys: ['datacenter', 'arrays', 'san', 'v6'] },
);

function blueprint(infras: readonly InfraSeed[], withPreferences = true): string {
  return infras
    .map((infra, n) => {
      const lines = [`infrastructure infra_${n} {`, `  datacenter = "${infra.datacenter}"`, '  network wan { kind = "wan" }'];
      if (infra.san) lines.push('  network san { kind = "san" }');
      if (infra.v4 !== undefined) lines.push(`  subnet main { network = wan, prefix = ${infra.v4} }`);
      if (infra.v6) lines.push('  subnet six { network = wan, family = "ipv6" }');
      infra.arrays.forEach((a, i) => {
        lines.push(`  instance_array arr_${i} {`, `    server_type = "${a.type}"`, `    count = ${a.count}`, '    template = std.os.ubuntu_2404', '    port 0 { network = wan }');
        if (a.san && infra.san) lines.push('    port 1 { network = san }');
        if (a.tag !== undefined) lines.push(`    tags = ["${a.tag}"]`);
        if (a.spread) lines.push('    spread = "rack"');
        if (withPreferences && a.prefer.length > 0) lines.push(`    prefer { servers = [${a.prefer.join(', ')}] }`);
        lines.push('  }');
      });
      lines.push('}');
      return lines.join('\n');
    })
    .join('\n\n');
}

const inventorySeed = fc.record({
  statuses: fc.array(fc.record({ id: fc.integer({ min: 1, max: 72 }), status: fc.constantFrom(...SERVER_STATUSES.filter((s) => s !== 'reserved' && s !== 'provisioning' && s !== 'active')) }), { maxLength: 20 }),
  taken: fc.uniqueArray(fc.integer({ min: 1, max: 72 }), { maxLength: 10 }),
  /** Another blueprint's subnet in dc-east's WAN pool: a /N at the Kth block. */
  foreign: fc.option(fc.record({ prefix: fc.integer({ min: 24, max: 29 }), block: fc.integer({ min: 0, max: 3 }), vlan: fc.integer({ min: 100, max: 104 }) }), { nil: undefined }),
});

type InventorySeed = typeof inventorySeed extends fc.Arbitrary<infer T> ? T : never;

function inventoryFrom(seed: InventorySeed): Inventory {
  const inv = demo();
  for (const { id, status } of seed.statuses) Object.assign(inv.servers.find((s) => s.id === id)!, { status });
  const foreign: Inventory['infrastructures'][number] = {
    name: 'foreign', datacenter: 'dc-east', version: 1, blueprint: { path: 'elsewhere.mbp', hash: 'x' }, status: 'deployed',
    created_at: new Date(0).toISOString(), updated_at: new Date(0).toISOString(), arrays: [], instances: [], networks: [], subnets: [], outputs: {},
  };
  seed.taken.forEach((id, index) => {
    const s = inv.servers.find((x) => x.id === id)!;
    Object.assign(s, { status: 'active', allocation: { run_id: 'r0', infrastructure: 'foreign', instance_id: `i-9${String(index).padStart(5, '0')}` } });
    foreign.instances.push({ id: `i-9${String(index).padStart(5, '0')}`, array: 'x', index, hostname: `x-${index}`, server_id: id, status: 'active', ips: [], ports: [] });
  });
  if (seed.foreign !== undefined) {
    const size = 2 ** (32 - seed.foreign.prefix);
    const offset = seed.foreign.block * size;
    foreign.subnets.push({ name: 'f', network: 'wan', family: 'ipv4', cidr: `10.20.${Math.floor(offset / 256)}.${offset % 256}/${seed.foreign.prefix}`, pool: '10.20.0.0/16' });
    foreign.networks.push({ name: 'wan', kind: 'wan', vlan: seed.foreign.vlan });
  }
  if (foreign.instances.length > 0 || foreign.subnets.length > 0) {
    foreign.arrays.push({ name: 'x', count: foreign.instances.length, server_types: {}, template: 't', boot: 'local_drives' });
    inv.infrastructures.push(foreign);
  }
  return inv;
}

const plans = new Map<string, Promise<Plan>>();
const compiled = (text: string): Promise<Plan> => {
  let p = plans.get(text);
  if (p === undefined) plans.set(text, (p = planOf(text)));
  return p;
};

const scenario = fc.record({ infras: fc.array(infraSeed, { minLength: 1, maxLength: 2 }), inventory: inventorySeed, order: fc.integer() });

function live(resolution: Resolution) {
  return Object.values(resolution.infrastructures).flatMap((infra) => Object.values(infra.arrays).flatMap((a) => a.instances.filter((i) => i.action !== 'delete')));
}

test('no server in two instances; no two subnets overlap; every address inside its subnet and unique', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ infras, inventory: seed }) => {
      const inventory = inventoryFrom(seed);
      const { resolution } = resolvePlan(await compiled(blueprint(infras)), inventory);
      const servers = live(resolution).flatMap((i) => (i.server !== null ? [i.server.id] : []));
      assert.is(new Set(servers).size, servers.length, 'a server in two instances');
      const foreignIds = new Set(inventory.infrastructures.flatMap((i) => i.instances.map((x) => x.server_id)));
      assert.ok(servers.every((id) => !foreignIds.has(id)), 'a server another infrastructure holds');

      const subnets = [
        ...Object.values(resolution.infrastructures).flatMap((i) => i.subnets.flatMap((s) => (s.cidr !== null ? [s.cidr] : []))),
        ...inventory.infrastructures.flatMap((i) => i.subnets.map((s) => s.cidr)),
      ];
      for (let a = 0; a < subnets.length; a++) for (let b = a + 1; b < subnets.length; b++) assert.not.ok(cidrOverlaps(subnets[a]!, subnets[b]!), `${subnets[a]} overlaps ${subnets[b]}`);

      for (const infra of Object.values(resolution.infrastructures)) {
        const seen = new Set<string>();
        for (const a of Object.values(infra.arrays)) {
          for (const i of a.instances) {
            for (const ip of i.ips) {
              const subnet = infra.subnets.find((s) => s.name === ip.subnet)!;
              assert.ok(cidrContains(subnet.cidr!, ip.address), `${ip.address} outside ${subnet.cidr}`);
              assert.is.not(ip.address, subnet.gateway, 'the gateway is never handed out');
              assert.not.ok(seen.has(ip.address), `${ip.address} twice`);
              seen.add(ip.address);
            }
          }
        }
        const vlans = infra.networks.flatMap((n) => (n.vlan !== null ? [n.vlan] : []));
        assert.is(new Set(vlans).size, vlans.length);
        if (infra.datacenter === 'dc-east') for (const v of vlans) assert.not.ok(inventory.infrastructures.some((i) => i.networks.some((n) => n.vlan === v)), `VLAN ${v} is taken`);
      }
    }),
    { numRuns: 60 },
  );
});

test('preferences never change how many instances an array has', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ infras, inventory: seed }) => {
      const inventory = inventoryFrom(seed);
      const withPrefs = resolvePlan(await compiled(blueprint(infras, true)), inventory).resolution;
      const without = resolvePlan(await compiled(blueprint(infras, false)), inventory).resolution;
      for (const [name, infra] of Object.entries(withPrefs.infrastructures)) {
        for (const [arrayName, a] of Object.entries(infra.arrays)) {
          const b = without.infrastructures[name]!.arrays[arrayName]!;
          assert.is(a.instances.length, a.count);
          assert.equal(a.instances.map((i) => i.index), b.instances.map((i) => i.index));
        }
      }
    }),
    { numRuns: 40 },
  );
});

test('the resolution is the same whatever order the inventory lists its servers in', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ infras, inventory: seed, order }) => {
      const inventory = inventoryFrom(seed);
      const plan = await compiled(blueprint(infras));
      const shuffled = structuredClone(inventory);
      // A deterministic shuffle driven by the generated number.
      let state = order >>> 0;
      for (let i = shuffled.servers.length - 1; i > 0; i--) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        const j = state % (i + 1);
        [shuffled.servers[i], shuffled.servers[j]] = [shuffled.servers[j]!, shuffled.servers[i]!];
      }
      shuffled.infrastructures.reverse();
      assert.equal(resolvePlan(plan, shuffled), resolvePlan(plan, inventory));
    }),
    { numRuns: 40 },
  );
});

test('applying a resolution and planning the same blueprint again changes nothing', async () => {
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(scenario, async ({ infras, inventory: seed }) => {
      const inventory = inventoryFrom(seed);
      const plan = await compiled(blueprint(infras));
      const first = resolvePlan(plan, inventory);
      if (first.problems.some((p) => p.severity === 'error')) return;
      checked++;
      const again = resolvePlan(plan, applied(inventory, plan, first.resolution));
      const changed = Object.entries(again.resolution.infrastructures).flatMap(([n, i]) =>
        [...i.networks, ...i.subnets].filter((x) => x.action !== 'no-op').map((x) => `${n}: ${x.name} ${x.action}`).concat(
          Object.entries(i.arrays).flatMap(([an, a]) => a.instances.filter((x) => x.action !== 'no-op').map((x) => `${n}/${an}[${x.index}] ${x.action} ${x.reasons.join(',')}`)),
        ),
      );
      if (changed.length > 0) fail('a second plan of the same blueprint has changes', changed);
    }),
    { numRuns: 40 },
  );
  assert.ok(checked > 5, `only ${checked} scenarios could be applied`);
});

test.run();
