/**
 * A fixed, seedless generator of a large inventory: the demo's datacenters
 * and server types, racks of 40 servers each with a top-of-rack switch, every
 * NIC wired to its own switch port, a few servers out of service. It passes
 * the same schema and integrity checks as any inventory file. The same count
 * gives the same document.
 */
import {
  createDemoInventory,
  createEmptyInventory,
  DEMO_SERVER_TYPES,
  type Inventory,
  type Server,
  type ServerStatus,
} from '../runtime/inventory/index.ts';

const SERVERS_PER_RACK = 40;
/** Enough switch ports per rack slot for the widest server type (4 NICs). */
const PORTS_PER_SLOT = 4;
/** Share of servers by type, in DEMO_SERVER_TYPES order (small, medium, large 2 NIC, large 4 NIC, GPU). */
const TYPE_WEIGHTS = [30, 30, 15, 20, 5];
/** One server in every N is out of service, with these statuses in turn. */
const OUT_OF_SERVICE_EVERY = 25;
const OUT_OF_SERVICE: readonly ServerStatus[] = ['maintenance', 'failed', 'quarantined', 'retired'];

const hex2 = (n: number) => (n & 0xff).toString(16).padStart(2, '0');

function typeForSlot(slot: number): (typeof DEMO_SERVER_TYPES)[number] {
  // Slots of a rack cycle through the types by weight, so every rack holds every type.
  const total = TYPE_WEIGHTS.reduce((a, b) => a + b, 0);
  let at = ((slot * total) / SERVERS_PER_RACK) % total;
  for (let t = 0; t < TYPE_WEIGHTS.length; t++) {
    at -= TYPE_WEIGHTS[t]!;
    if (at < 0) return DEMO_SERVER_TYPES[t]!;
  }
  return DEMO_SERVER_TYPES[0]!;
}

/** `servers` servers; 80% of the racks in dc-east, the rest in dc-west. */
export function generateInventory(servers = 100_000): Inventory {
  const inv = createEmptyInventory(new Date(0));
  const demo = createDemoInventory(new Date(0));
  inv.datacenters = demo.datacenters;
  inv.server_types = demo.server_types;
  const rackCount = Math.ceil(servers / SERVERS_PER_RACK);
  const eastRacks = Math.ceil(rackCount * 0.8);
  let id = 0;
  for (let r = 0; r < rackCount; r++) {
    const dc = r < eastRacks ? 'dc-east' : 'dc-west';
    const rackId = `${dc}-r${String(r + 1).padStart(4, '0')}`;
    const switchId = `${rackId}-tor`;
    inv.racks.push({ id: rackId, datacenter: dc, version: 1 });
    inv.switches.push({
      id: switchId,
      datacenter: dc,
      rack: rackId,
      driver: 'simulated',
      address: `172.17.${r >> 8}.${r & 0xff}`,
      credentials: 'env:MBP_SWITCH_CREDENTIALS',
      ports: Array.from({ length: SERVERS_PER_RACK * PORTS_PER_SLOT }, (_, p) => ({ name: `swp${p + 1}` })),
      version: 1,
    });
    for (let slot = 0; slot < SERVERS_PER_RACK && id < servers; slot++) {
      id += 1;
      const type = typeForSlot(slot);
      const nics = type.nics.reduce((sum, n) => sum + n.count, 0);
      const tags = [type.disks.some((d) => d.kind === 'nvme') ? 'nvme' : 'ssd'];
      if (type.gpu !== undefined) tags.push('gpu');
      if (id % 3 === 0) tags.push('fast-net');
      const server: Server = {
        id,
        name: `srv-${String(id).padStart(6, '0')}`,
        serial_number: `GEN-${String(id).padStart(7, '0')}`,
        type: type.name,
        tags,
        datacenter: dc,
        rack: rackId,
        status: id % OUT_OF_SERVICE_EVERY === 0 ? OUT_OF_SERVICE[(id / OUT_OF_SERVICE_EVERY) % OUT_OF_SERVICE.length]! : 'available',
        bmc: { driver: 'simulated', address: `172.16.${id >> 8}.${id & 0xff}`, credentials: 'env:MBP_BMC_CREDENTIALS' },
        nics: Array.from({ length: nics }, (_, n) => ({
          index: n,
          mac: `02:${hex2(n)}:${hex2(id >> 24)}:${hex2(id >> 16)}:${hex2(id >> 8)}:${hex2(id)}`,
          switch: switchId,
          port: `swp${slot * PORTS_PER_SLOT + n + 1}`,
        })),
        ssh_host_key: null,
        failure_count: 0,
        allocation: null,
        version: 1,
      };
      inv.servers.push(server);
    }
  }
  return inv;
}
