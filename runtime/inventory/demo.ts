import { createEmptyInventory } from './empty-inventory.ts';
import type { Datacenter, Inventory, Rack, Server, ServerType, Switch } from './types.ts';

/**
 * The demo inventory (`mbp inventory init --demo`): a simulated datacenter
 * `dc-east` (4 racks, 64 servers) and a small `dc-west` (2 racks, 8 servers),
 * every BMC and switch on the `simulated` driver. Deterministic: no clock and
 * no randomness, so the same `now` gives a byte-identical file.
 *
 * Server type names read `M.<cores>.<RAM GiB>.<NICs>` (`G.` for GPU nodes).
 */

const PORTS_PER_SWITCH = 64;
/** Switch ports reserved per rack slot, enough for the widest server type. */
const PORTS_PER_SLOT = 4;

export const DEMO_SERVER_TYPES: readonly Omit<ServerType, 'version'>[] = [
  {
    id: 1,
    name: 'M.8.32.2',
    description: 'small: control planes, utility nodes',
    cpu: { model: 'Intel Xeon Silver 4309Y', sockets: 1, cores: 8 },
    ram_gib: 32,
    disks: [{ kind: 'ssd', size_gb: 480, count: 2 }],
    nics: [{ speed_gbps: 25, count: 2 }],
  },
  {
    id: 2,
    name: 'M.16.64.2',
    description: 'medium: general purpose',
    cpu: { model: 'AMD EPYC 7313P', sockets: 1, cores: 16 },
    ram_gib: 64,
    disks: [{ kind: 'ssd', size_gb: 960, count: 2 }],
    nics: [{ speed_gbps: 25, count: 2 }],
  },
  {
    id: 3,
    name: 'M.40.256.2',
    description: 'large, two NICs',
    cpu: { model: 'Intel Xeon Gold 6230', sockets: 2, cores: 20 },
    ram_gib: 256,
    disks: [{ kind: 'nvme', size_gb: 1920, count: 2 }],
    nics: [{ speed_gbps: 25, count: 2 }],
  },
  {
    id: 4,
    name: 'M.40.256.4',
    description: 'large, four NICs: workers, storage',
    cpu: { model: 'Intel Xeon Gold 6230', sockets: 2, cores: 20 },
    ram_gib: 256,
    disks: [{ kind: 'nvme', size_gb: 1920, count: 4 }],
    nics: [{ speed_gbps: 25, count: 4 }],
  },
  {
    id: 5,
    name: 'G.48.512.2',
    description: 'GPU node',
    cpu: { model: 'AMD EPYC 7413', sockets: 2, cores: 24 },
    ram_gib: 512,
    disks: [{ kind: 'nvme', size_gb: 3840, count: 2 }],
    nics: [{ speed_gbps: 100, count: 2 }],
    gpu: { model: 'NVIDIA A100 80GB', count: 4 },
  },
];

interface DemoDatacenter {
  readonly name: string;
  /** Second octet / hextet of every address in it, so the two never overlap. */
  readonly index: number;
  readonly vlanMax: number;
  /** Per rack: server type names in slot order. */
  readonly rackLayout: readonly string[];
  readonly racks: number;
}

const EAST_RACK = [
  ...Array<string>(4).fill('M.8.32.2'),
  ...Array<string>(3).fill('M.16.64.2'),
  ...Array<string>(3).fill('M.40.256.2'),
  ...Array<string>(4).fill('M.40.256.4'),
  ...Array<string>(2).fill('G.48.512.2'),
];

const DEMO_DATACENTERS: readonly DemoDatacenter[] = [
  { name: 'dc-east', index: 1, vlanMax: 3999, rackLayout: EAST_RACK, racks: 4 },
  { name: 'dc-west', index: 2, vlanMax: 1999, rackLayout: ['M.8.32.2', 'M.8.32.2', 'M.16.64.2', 'M.16.64.2'], racks: 2 },
];

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function datacenter(dc: DemoDatacenter): Datacenter {
  // dc-east uses 10.20/16 for WAN: the pool the DESIGN.md example blueprint names.
  const v4 = (kind: number) => `10.${(dc.index - 1) * 100 + kind * 10}.0.0/16`;
  const v6 = (kind: number) => `2001:db8:${dc.index}${kind}00::/40`;
  return {
    name: dc.name,
    version: 1,
    description: `simulated datacenter ${dc.name}`,
    vlan_range: { min: 100, max: dc.vlanMax },
    subnet_pools: {
      wan: { ipv4: dc.index === 1 ? [v4(2), '198.51.100.0/24'] : [v4(2)], ipv6: [v6(1)] },
      san: { ipv4: [v4(3)], ipv6: [v6(2)] },
      lan: { ipv4: [v4(4)], ipv6: [v6(3)] },
    },
    default_prefix: {
      wan: { ipv4: 28, ipv6: 64 },
      san: { ipv4: 27, ipv6: 64 },
      lan: { ipv4: 24, ipv6: 64 },
    },
    asset_repository_url: `http://assets.${dc.name}.example/repo/`,
  };
}

function tagsFor(type: Omit<ServerType, 'version'>): string[] {
  const tags = type.disks.some((d) => d.kind === 'nvme') ? ['nvme'] : ['ssd'];
  if (type.gpu !== undefined) tags.push('gpu');
  return tags;
}

export function createDemoInventory(now: Date): Inventory {
  const inv = createEmptyInventory(now);
  inv.server_types = DEMO_SERVER_TYPES.map((t) => ({ ...structuredClone(t), version: 1 }));
  const typeByName = new Map(DEMO_SERVER_TYPES.map((t) => [t.name, t]));
  let nextId = 1;
  for (const dc of DEMO_DATACENTERS) {
    inv.datacenters.push(datacenter(dc));
    const short = dc.name.replace(/^dc-/, '').toUpperCase();
    for (let r = 1; r <= dc.racks; r++) {
      const rack: Rack = { id: `${dc.name}-r${pad(r, 2)}`, datacenter: dc.name, version: 1 };
      const sw: Switch = {
        id: `${rack.id}-tor`,
        datacenter: dc.name,
        rack: rack.id,
        driver: 'simulated',
        address: `172.17.${dc.index}.${r}`,
        credentials: `env:MBP_SWITCH_CREDENTIALS_${short}`,
        ports: Array.from({ length: PORTS_PER_SWITCH }, (_, p) => ({ name: `swp${p + 1}`, speed_gbps: 100 })),
        version: 1,
      };
      inv.racks.push(rack);
      inv.switches.push(sw);
      dc.rackLayout.forEach((typeName, slot) => {
        const type = typeByName.get(typeName);
        if (type === undefined) throw new Error(`demo layout names unknown server type ${typeName}`);
        const id = nextId++;
        const nicCount = type.nics.reduce((sum, n) => sum + n.count, 0);
        const server: Server = {
          id,
          name: `srv-${pad(id, 4)}`,
          serial_number: `SIM-${short}-${pad(id, 5)}`,
          type: type.name,
          tags: tagsFor(type),
          datacenter: dc.name,
          rack: rack.id,
          status: 'available',
          bmc: { driver: 'simulated', address: `172.16.${dc.index}.${id}`, credentials: `env:MBP_BMC_CREDENTIALS_${short}` },
          nics: Array.from({ length: nicCount }, (_, n) => ({
            index: n,
            mac: `02:00:${hex2(dc.index)}:${hex2(id >> 8)}:${hex2(id & 0xff)}:${hex2(n)}`,
            switch: sw.id,
            port: `swp${slot * PORTS_PER_SLOT + n + 1}`,
          })),
          ssh_host_key: null,
          failure_count: 0,
          allocation: null,
          version: 1,
        };
        inv.servers.push(server);
      });
    }
  }
  return inv;
}
