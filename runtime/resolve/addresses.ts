import { canonicalJson, type Value } from '../../stdlib/index.ts';
import type { PlanArray } from '../../compiler/plan/index.ts';
import { AddressAllocator, cidrContains, isIpamError } from '../ipam/index.ts';
import type { Infrastructure, InstanceIp, Reservation } from '../inventory/index.ts';
import type { InstanceRow } from './instances.ts';
import type { AddressResolution, PortResolution, ResolveProblem, SubnetResolution } from './types.ts';

export interface ArrayRows {
  readonly name: string;
  readonly plan?: PlanArray;
  readonly rows: readonly InstanceRow[];
}

export interface Networking {
  readonly ips: ReadonlyMap<InstanceRow, readonly AddressResolution[]>;
  readonly ports: ReadonlyMap<InstanceRow, readonly PortResolution[]>;
}

const MAX_NAMED = 5;

const named = (items: readonly string[]): string =>
  items.length <= MAX_NAMED ? items.join(', ') : `${items.slice(0, MAX_NAMED).join(', ')} and ${items.length - MAX_NAMED} more`;

/**
 * Addresses and port states of every instance that has a server. Each
 * attached port gets one address from each subnet of its network (IPv4 and
 * IPv6, SAN included; a `lan` network has no subnet and so no address); an
 * instance that stays keeps the addresses it has in subnets that stay.
 * Kept addresses are settled for every instance before any new one is
 * handed out, and the addresses of deleted instances are not reused in the
 * same plan. Every NIC not attached is shut.
 */
export function assignNetworking(
  infrastructure: string,
  arrays: readonly ArrayRows[],
  subnets: readonly SubnetResolution[],
  vlans: ReadonlyMap<string, number | null>,
  deployed: Infrastructure | undefined,
  reservations: readonly Reservation[],
  problems: ResolveProblem[],
): Networking {
  const live = subnets.filter((s) => s.action !== 'delete' && s.cidr !== null);
  const byNetwork = new Map<string, SubnetResolution[]>();
  for (const s of live) {
    const list = byNetwork.get(s.network);
    if (list === undefined) byNetwork.set(s.network, [s]);
    else list.push(s);
  }
  const usedAddresses = [
    ...(deployed?.instances ?? []).flatMap((i) => i.ips.map((ip) => ip.address)),
    ...reservations.flatMap((r) => r.ips.map((ip) => ip.address)),
  ];
  const allocators = new Map<string, AddressAllocator>();
  const allocatorFor = (s: SubnetResolution): AddressAllocator => {
    let a = allocators.get(s.name);
    if (a === undefined) {
      a = new AddressAllocator({ subnet: s.cidr!, used: usedAddresses, scope: `infrastructure ${infrastructure} (subnet ${s.name})` });
      allocators.set(s.name, a);
    }
    return a;
  };

  const wanted = (plan: PlanArray | undefined) =>
    (plan?.ports ?? []).flatMap((port) => (byNetwork.get(port.network) ?? []).map((subnet) => ({ nic: port.index, network: port.network, subnet })));
  const withServer = arrays.flatMap((a) => a.rows.filter((r) => r.server !== null && r.action !== 'delete').map((row) => ({ row, plan: a.plan })));

  const ips = new Map<InstanceRow, (AddressResolution | undefined)[]>();
  // Pass 1: addresses an instance keeps, for every instance, before anything new is handed out.
  for (const { row, plan } of withServer) {
    const available: InstanceIp[] = row.action === 'create' ? [] : [...(row.deployed?.ips ?? [])];
    ips.set(
      row,
      wanted(plan).map((w) => {
        const at = available.findIndex((ip) => ip.subnet === w.subnet.name && ip.family === w.subnet.family && cidrContains(w.subnet.cidr!, ip.address));
        if (at < 0) return undefined;
        const [ip] = available.splice(at, 1);
        return { nic: w.nic, network: w.network, subnet: w.subnet.name, family: w.subnet.family, address: ip!.address, source: 'kept' as const };
      }),
    );
  }
  // Pass 2: the rest, lowest free address first, in (array, index, port, subnet) order.
  const exhausted = new Set<string>();
  for (const { row, plan } of withServer) {
    const list = ips.get(row)!;
    wanted(plan).forEach((w, i) => {
      if (list[i] !== undefined || exhausted.has(w.subnet.name)) return;
      try {
        const address = allocatorFor(w.subnet).allocateOrThrow();
        list[i] = { nic: w.nic, network: w.network, subnet: w.subnet.name, family: w.subnet.family, address, source: 'allocated' };
      } catch (error) {
        if (!isIpamError(error)) throw error;
        exhausted.add(w.subnet.name);
        problems.push({ code: 'addresses_exhausted', severity: 'error', infrastructure, message: `${infrastructure}: ${error.message}` });
      }
    });
  }

  const ports = new Map<InstanceRow, PortResolution[]>();
  for (const a of arrays) {
    const attached = new Map((a.plan?.ports ?? []).map((p) => [p.index, p.network]));
    const missing = new Map<number, string[]>();
    for (const row of a.rows) {
      if (row.server === null || row.action === 'delete') continue;
      const nics = [...row.server.nics].sort((x, y) => x.index - y.index);
      ports.set(
        row,
        nics.map((nic) => {
          const network = attached.get(nic.index);
          return network === undefined
            ? { nic: nic.index, switch: nic.switch, port: nic.port, state: 'down' as const, network: null, vlan: null }
            : { nic: nic.index, switch: nic.switch, port: nic.port, state: 'up' as const, network, vlan: vlans.get(network) ?? null };
        }),
      );
      for (const index of attached.keys()) {
        if (nics.some((n) => n.index === index)) continue;
        const list = missing.get(index) ?? [];
        list.push(row.server.name);
        missing.set(index, list);
      }
    }
    for (const [index, servers] of missing) {
      problems.push({
        code: 'missing_nic',
        severity: 'error',
        infrastructure,
        array: a.name,
        message: `${infrastructure}/${a.name}: port ${index} is attached to network ${attached.get(index)}, but server${servers.length > 1 ? 's' : ''} ${named(servers)} ha${servers.length > 1 ? 've' : 's'} no NIC ${index}`,
        hint: 'attach only ports the servers have (see `mbp inventory show --servers`), or wire the NIC in the inventory',
      });
    }
  }
  const compact = new Map<InstanceRow, AddressResolution[]>();
  for (const [row, list] of ips) compact.set(row, list.filter((x): x is AddressResolution => x !== undefined));
  return { ips: compact, ports };
}

const canonical = (v: unknown): string => canonicalJson(v as Value);

/** Whether the addresses differ from what the deployed instance has (order does not matter). */
export function addressesChanged(row: InstanceRow, ips: readonly AddressResolution[]): boolean {
  const key = (x: { subnet: string; family: string; address: string }) => `${x.subnet}|${x.family}|${x.address}`;
  const before = (row.deployed?.ips ?? []).map(key).sort();
  const after = ips.map(key).sort();
  return canonical(before) !== canonical(after);
}

/** Whether the port states differ from what the deployed instance has. */
export function portsChanged(row: InstanceRow, ports: readonly PortResolution[]): boolean {
  const key = (p: { nic: number; switch: string; port: string; state: string; network: string | null; vlan: number | null }) =>
    [p.nic, p.switch, p.port, p.state, p.network, p.vlan];
  const before = [...(row.deployed?.ports ?? [])].sort((a, b) => a.nic - b.nic).map(key);
  return canonical(before) !== canonical(ports.map(key));
}
