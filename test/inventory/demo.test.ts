import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDemoInventory, findInventoryProblems, serializeInventory } from '../../runtime/inventory/index.ts';

const now = new Date(Date.UTC(2025, 0, 1));
const demo = createDemoInventory(now);

test('deterministic: the same now gives a byte-identical file; now is the only input', () => {
  assert.is(serializeInventory(createDemoInventory(now)), serializeInventory(demo));
  const later = createDemoInventory(new Date(Date.UTC(2026, 0, 1)));
  assert.is.not(serializeInventory(later), serializeInventory(demo));
  assert.is(serializeInventory({ ...later, created_at: demo.created_at }), serializeInventory(demo));
});

test('valid against the schema and cross references', () => {
  assert.equal(findInventoryProblems(demo), []);
});

test('two datacenters, dc-east with 64 servers over 4 racks, every one simulated', () => {
  assert.equal(demo.datacenters.map((d) => d.name), ['dc-east', 'dc-west']);
  const east = demo.servers.filter((s) => s.datacenter === 'dc-east');
  assert.is(east.length, 64);
  const perRack = new Map<string, number>();
  for (const s of east) perRack.set(s.rack, (perRack.get(s.rack) ?? 0) + 1);
  assert.equal([...perRack.values()], [16, 16, 16, 16]);
  assert.ok(demo.servers.every((s) => s.bmc.driver === 'simulated' && /^env:/.test(s.bmc.credentials)));
  assert.ok(demo.switches.every((s) => s.driver === 'simulated'));
});

test('the server types the examples use exist, each spread over every dc-east rack', () => {
  for (const type of ['M.8.32.2', 'M.40.256.4', 'M.40.256.2', 'M.16.64.2']) {
    const racks = new Set(demo.servers.filter((s) => s.type === type && s.datacenter === 'dc-east').map((s) => s.rack));
    assert.is(racks.size, 4, type);
  }
  const gpu = demo.server_types.filter((t) => t.gpu !== undefined);
  assert.is(gpu.length, 1);
  assert.ok(demo.servers.filter((s) => s.tags.includes('gpu')).every((s) => s.type === gpu[0]?.name));
  assert.ok(demo.servers.some((s) => s.tags.includes('nvme')));
});

test('pools: WAN, SAN and LAN for both families; the DESIGN.md example pool 10.20.0.0/16 is dc-east WAN', () => {
  const east = demo.datacenters[0]!;
  for (const kind of ['wan', 'san', 'lan'] as const) {
    assert.ok(east.subnet_pools[kind].ipv4.length > 0 && east.subnet_pools[kind].ipv6.length > 0, kind);
  }
  assert.ok(east.subnet_pools.wan.ipv4.includes('10.20.0.0/16'));
  assert.ok(demo.datacenters.flatMap((d) => Object.values(d.subnet_pools).flatMap((p) => p.ipv6)).every((c) => c.startsWith('2001:db8:')));
  assert.equal(east.vlan_range, { min: 100, max: 3999 });
});

test('every NIC is wired to a distinct switch port', () => {
  const ports = demo.servers.flatMap((s) => s.nics.map((n) => `${n.switch}/${n.port}`));
  assert.is(new Set(ports).size, ports.length);
  const nics = demo.servers.find((s) => s.type === 'M.40.256.4')?.nics.length;
  assert.is(nics, 4);
});

test.run();
