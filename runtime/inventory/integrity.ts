import { cidrOverlaps, isIpamError, parseAddress, parseNetwork, type Cidr } from '../ipam/index.ts';
import type { InventoryProblem } from './errors.ts';
import type { Inventory } from './types.ts';

/**
 * The checks a JSON Schema cannot express: unique keys, references between
 * collections, CIDRs and addresses that parse, pools that do not overlap, and
 * a server's status agreeing with its allocation. Assumes the document has
 * already passed the schema.
 */
/** The IPAM message when `text` is not a clean network CIDR, else the parsed block. */
function network(text: string): Cidr | string {
  try {
    return parseNetwork(text);
  } catch (e) {
    if (isIpamError(e)) return e.message;
    throw e;
  }
}

function isAddress(text: string): boolean {
  try {
    parseAddress(text);
    return true;
  } catch {
    return false;
  }
}

export function checkIntegrity(inv: Inventory): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });

  function unique<T>(items: readonly T[], collection: string, field: string, key: (item: T) => string | number): Set<string | number> {
    const first = new Map<string | number, number>();
    items.forEach((item, i) => {
      const k = key(item);
      const seen = first.get(k);
      if (seen === undefined) first.set(k, i);
      else report(`${collection}[${i}].${field}`, `${JSON.stringify(k)} is already used by ${collection}[${seen}]`);
    });
    return new Set(first.keys());
  }

  const known = (set: Set<string | number>, what: string, value: string | number) => {
    if (set.has(value)) return undefined;
    const names = [...set].slice(0, 8).map(String).join(', ');
    return `unknown ${what} ${JSON.stringify(value)}${set.size === 0 ? ` (the inventory has no ${what}s)` : ` (known: ${names}${set.size > 8 ? ', …' : ''})`}`;
  };
  const check = (path: string, set: Set<string | number>, what: string, value: string | number) => {
    const message = known(set, what, value);
    if (message !== undefined) report(path, message);
  };

  const datacenters = unique(inv.datacenters, 'datacenters', 'name', (d) => d.name);
  const racks = unique(inv.racks, 'racks', 'id', (r) => r.id);
  unique(inv.server_types, 'server_types', 'id', (t) => t.id);
  const typeNames = unique(inv.server_types, 'server_types', 'name', (t) => t.name);
  const serverIds = unique(inv.servers, 'servers', 'id', (s) => s.id);
  unique(inv.servers, 'servers', 'name', (s) => s.name);
  unique(inv.servers, 'servers', 'serial_number', (s) => s.serial_number);
  const switches = unique(inv.switches, 'switches', 'id', (s) => s.id);
  unique(inv.infrastructures, 'infrastructures', 'name', (i) => i.name);
  // A run holds one reservation per infrastructure it deploys.
  unique(inv.reservations, 'reservations', 'infrastructure', (r) => `${r.run_id} ${r.infrastructure}`);

  inv.datacenters.forEach((dc, d) => {
    const at = `datacenters[${d}]`;
    if (dc.vlan_range.min > dc.vlan_range.max) report(`${at}.vlan_range`, `min (${dc.vlan_range.min}) is above max (${dc.vlan_range.max})`);
    const pools: { path: string; text: string }[] = [];
    for (const kind of ['wan', 'san', 'lan'] as const) {
      for (const family of ['ipv4', 'ipv6'] as const) {
        dc.subnet_pools[kind][family].forEach((text, i) => {
          const path = `${at}.subnet_pools.${kind}.${family}[${i}]`;
          const parsed = network(text);
          if (typeof parsed === 'string') return report(path, parsed);
          if (parsed.family !== family) return report(path, `${JSON.stringify(text)} is an ${parsed.family} CIDR in the ${family} list`);
          const clash = pools.find((p) => cidrOverlaps(p.text, text));
          if (clash !== undefined) report(path, `${JSON.stringify(text)} overlaps ${clash.path}`);
          pools.push({ path, text });
        });
      }
    }
  });

  const rackDc = new Map(inv.racks.map((r) => [r.id, r.datacenter]));
  inv.racks.forEach((r, i) => check(`racks[${i}].datacenter`, datacenters, 'datacenter', r.datacenter));

  const portsOf = new Map<string, Set<string>>();
  inv.switches.forEach((sw, i) => {
    check(`switches[${i}].datacenter`, datacenters, 'datacenter', sw.datacenter);
    if (sw.rack !== undefined) check(`switches[${i}].rack`, racks, 'rack', sw.rack);
    portsOf.set(sw.id, unique(sw.ports, `switches[${i}].ports`, 'name', (p) => p.name) as Set<string>);
  });

  const wired = new Map<string, string>();
  const macs = new Map<string, string>();
  inv.servers.forEach((s, i) => {
    const at = `servers[${i}]`;
    check(`${at}.type`, typeNames, 'server type', s.type);
    check(`${at}.datacenter`, datacenters, 'datacenter', s.datacenter);
    check(`${at}.rack`, racks, 'rack', s.rack);
    const dcOfRack = rackDc.get(s.rack);
    if (dcOfRack !== undefined && dcOfRack !== s.datacenter) report(`${at}.rack`, `rack ${s.rack} is in ${dcOfRack}, not ${s.datacenter}`);
    unique(s.nics, `${at}.nics`, 'index', (n) => n.index);
    s.nics.forEach((nic, n) => {
      const np = `${at}.nics[${n}]`;
      const macOwner = macs.get(nic.mac);
      if (macOwner !== undefined) report(`${np}.mac`, `${nic.mac} is already used by ${macOwner}`);
      else macs.set(nic.mac, np);
      const ports = portsOf.get(nic.switch);
      if (ports === undefined) return check(`${np}.switch`, switches, 'switch', nic.switch);
      if (!ports.has(nic.port)) return report(`${np}.port`, `switch ${nic.switch} has no port ${JSON.stringify(nic.port)}`);
      const key = `${nic.switch}\u0000${nic.port}`;
      const other = wired.get(key);
      if (other !== undefined) report(`${np}.port`, `${nic.switch} ${nic.port} is already wired to ${other}`);
      else wired.set(key, np);
    });
    const held = s.allocation !== null;
    if (s.status === 'available' && held) report(`${at}.allocation`, 'must be null for an available server');
    if ((s.status === 'reserved' || s.status === 'provisioning' || s.status === 'active') && !held) {
      report(`${at}.allocation`, `must name the holder of a server that is ${s.status}`);
    }
  });

  const instanceIds = new Map<string, string>();
  inv.infrastructures.forEach((infra, i) => {
    const at = `infrastructures[${i}]`;
    check(`${at}.datacenter`, datacenters, 'datacenter', infra.datacenter);
    unique(infra.arrays, `${at}.arrays`, 'name', (a) => a.name);
    unique(infra.networks, `${at}.networks`, 'name', (n) => n.name);
    unique(infra.subnets, `${at}.subnets`, 'name', (s) => s.name);
    infra.subnets.forEach((sn, j) => {
      for (const field of ['cidr', 'pool'] as const) {
        const parsed = network(sn[field]);
        if (typeof parsed === 'string') report(`${at}.subnets[${j}].${field}`, parsed);
      }
    });
    infra.instances.forEach((inst, j) => {
      const ip = `${at}.instances[${j}]`;
      const prev = instanceIds.get(inst.id);
      if (prev !== undefined) report(`${ip}.id`, `${JSON.stringify(inst.id)} is already used by ${prev}`);
      else instanceIds.set(inst.id, ip);
      if (inst.server_id !== null) check(`${ip}.server_id`, serverIds, 'server', inst.server_id);
      inst.ips.forEach((addr, k) => {
        if (!isAddress(addr.address)) report(`${ip}.ips[${k}].address`, `${JSON.stringify(addr.address)} is not an IP address`);
      });
    });
  });

  inv.reservations.forEach((r, i) => {
    r.servers.forEach((id, j) => check(`reservations[${i}].servers[${j}]`, serverIds, 'server', id));
    r.subnets.forEach((sn, j) => {
      const parsed = network(sn.cidr);
      if (typeof parsed === 'string') report(`reservations[${i}].subnets[${j}].cidr`, parsed);
    });
    r.ips.forEach((addr, j) => {
      if (!isAddress(addr.address)) report(`reservations[${i}].ips[${j}].address`, `${JSON.stringify(addr.address)} is not an IP address`);
    });
  });

  return problems;
}
