import { createDemoInventory, createEmptyInventory, DEMO_SERVER_TYPES, type Inventory, type Server, type ServerStatus } from '../../../runtime/inventory/index.ts';

/** A server as a test describes it: only what allocation looks at. */
export interface ServerSpec {
  readonly id: number;
  readonly type?: string;
  readonly rack?: string;
  readonly datacenter?: string;
  readonly status?: ServerStatus;
  readonly tags?: readonly string[];
  readonly name?: string;
  /** Bound to an instance (with `array`) or only held (reserved by a run) by an infrastructure. */
  readonly holder?: { readonly infrastructure: string; readonly array?: string; readonly index?: number };
}

const pad = (n: number) => String(n).padStart(4, '0');

/** An inventory holding exactly these servers; datacenters and server types are the demo's. */
export function inventoryOf(specs: readonly ServerSpec[]): Inventory {
  const inv = createEmptyInventory(new Date(0));
  const demo = createDemoInventory(new Date(0));
  inv.datacenters = demo.datacenters;
  inv.server_types = DEMO_SERVER_TYPES.map((t) => ({ ...structuredClone(t), version: 1 }));
  const racks = new Map<string, string>();
  for (const spec of specs) {
    const datacenter = spec.datacenter ?? 'dc-east';
    const rack = spec.rack ?? `${datacenter}-r01`;
    racks.set(rack, datacenter);
    const h = spec.holder;
    const server: Server = {
      id: spec.id,
      name: spec.name ?? `srv-${pad(spec.id)}`,
      serial_number: `SN-${pad(spec.id)}`,
      type: spec.type ?? 'M.8.32.2',
      tags: [...(spec.tags ?? [])],
      datacenter,
      rack,
      status: spec.status ?? (h !== undefined ? (h.array !== undefined ? 'active' : 'reserved') : 'available'),
      bmc: { driver: 'simulated', address: `172.16.0.${spec.id}`, credentials: 'env:BMC' },
      nics: [],
      ssh_host_key: null,
      failure_count: 0,
      allocation: h !== undefined ? { run_id: 'run-1', infrastructure: h.infrastructure } : null,
      version: 1,
    };
    inv.servers.push(server);
    if (h?.array !== undefined) {
      let infra = inv.infrastructures.find((i) => i.name === h.infrastructure);
      if (infra === undefined) {
        infra = {
          name: h.infrastructure,
          datacenter,
          version: 1,
          blueprint: { path: 'main.mbp', hash: 'x' },
          status: 'deployed',
          created_at: new Date(0).toISOString(),
          updated_at: new Date(0).toISOString(),
          arrays: [],
          instances: [],
          networks: [],
          subnets: [],
          outputs: {},
        };
        inv.infrastructures.push(infra);
      }
      const index = h.index ?? infra.instances.filter((i) => i.array === h.array).length;
      infra.instances.push({
        id: `i-${pad(spec.id)}`,
        array: h.array,
        index,
        hostname: `${h.array}-${index}`,
        server_id: spec.id,
        status: 'active',
        ips: [],
        ports: [],
      });
    }
  }
  inv.racks = [...racks].sort().map(([id, datacenter]) => ({ id, datacenter, version: 1 }));
  return inv;
}

/** `n` servers with consecutive ids from `first`, all alike. */
export function servers(first: number, n: number, spec: Omit<ServerSpec, 'id'> = {}): ServerSpec[] {
  return Array.from({ length: n }, (_, i) => ({ ...spec, id: first + i }));
}

/** A copy of the inventory with its servers in another order. */
export function withServerOrder(inv: Inventory, order: readonly number[]): Inventory {
  const copy = structuredClone(inv);
  copy.servers = order.map((i) => inv.servers[i]!).map((s) => structuredClone(s));
  return copy;
}
