import { compareText } from './compare.ts';
import { cidrOverlaps } from '../ipam/index.ts';
import type { Inventory } from '../inventory/index.ts';
import type { ObjectRead, Resolution, ResolveProblem } from './types.ts';

function describeObject(read: ObjectRead, inventory: Inventory): string {
  switch (read.collection) {
    case 'datacenters':
      return `datacenter ${read.key}`;
    case 'server_types': {
      const type = inventory.server_types.find((t) => t.id === read.key);
      return `server type ${type?.name ?? `id ${read.key}`}`;
    }
    case 'servers': {
      const server = inventory.servers.find((s) => s.id === read.key);
      return server !== undefined ? `server ${server.name} (id ${read.key})` : `server id ${read.key}`;
    }
    case 'infrastructures':
      return `infrastructure ${read.key}`;
  }
}

function currentVersion(read: ObjectRead, inventory: Inventory): number | null {
  switch (read.collection) {
    case 'datacenters':
      return inventory.datacenters.find((d) => d.name === read.key)?.version ?? null;
    case 'server_types':
      return inventory.server_types.find((t) => t.id === read.key)?.version ?? null;
    case 'servers':
      return inventory.servers.find((s) => s.id === read.key)?.version ?? null;
    case 'infrastructures':
      return inventory.infrastructures.find((i) => i.name === read.key)?.version ?? null;
  }
}

/**
 * Why a saved plan can no longer be applied to `inventory`, naming each
 * object that changed since the plan read it (its version moved, it was
 * created or removed), and each VLAN or subnet the plan would hand out that
 * something created since now holds. Empty when the plan is still good: an
 * unchanged serial means nothing changed at all, and changes to objects
 * the plan did not read do not matter.
 */
export function stalenessProblems(saved: Pick<Resolution, 'inventory' | 'infrastructures'>, inventory: Inventory): ResolveProblem[] {
  if (inventory.serial === saved.inventory.serial) return [];
  const problems: ResolveProblem[] = [];
  const servers = new Map(inventory.servers.map((s) => [s.id, s]));
  for (const read of saved.inventory.objects) {
    const now = read.collection === 'servers' ? (servers.get(read.key as number)?.version ?? null) : currentVersion(read, inventory);
    if (now === read.version) continue;
    const what = describeObject(read, inventory);
    const how = read.version === null ? 'was created' : now === null ? 'was removed' : `changed (version ${read.version} → ${now})`;
    problems.push({ code: 'stale_plan', severity: 'error', message: `${what} ${how} since the plan was made (inventory serial ${saved.inventory.serial} → ${inventory.serial})` });
  }
  for (const [name, infra] of Object.entries(saved.infrastructures).sort((a, b) => compareText(a[0], b[0]))) {
    const others = inventory.infrastructures.filter((i) => i.name !== name && i.datacenter === infra.datacenter);
    const reservations = inventory.reservations.filter((r) => r.infrastructure !== name);
    for (const n of infra.networks) {
      if (n.vlan_source !== 'allocated' || n.vlan === null) continue;
      const holder =
        others.find((i) => i.networks.some((x) => x.vlan === n.vlan))?.name ??
        reservations.find((r) => r.vlans.some((v) => v.datacenter === infra.datacenter && v.vlan === n.vlan))?.run_id;
      if (holder !== undefined) problems.push({ code: 'stale_plan', severity: 'error', infrastructure: name, message: `${name}: VLAN ${n.vlan} planned for network ${n.name} is now held by ${holder}` });
    }
    for (const s of infra.subnets) {
      if (s.source !== 'allocated' || s.cidr === null) continue;
      const cidr = s.cidr;
      const holder =
        others.find((i) => i.subnets.some((x) => cidrOverlaps(x.cidr, cidr)))?.name ??
        reservations.find((r) => r.subnets.some((x) => x.datacenter === infra.datacenter && cidrOverlaps(x.cidr, cidr)))?.run_id;
      if (holder !== undefined) problems.push({ code: 'stale_plan', severity: 'error', infrastructure: name, message: `${name}: subnet ${cidr} planned for ${s.name} now overlaps one held by ${holder}` });
    }
  }
  return problems;
}
