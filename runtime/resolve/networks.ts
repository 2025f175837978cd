import { isIpamError, SubnetAllocator, VlanAllocator, cidrOverlaps, type IpFamily } from '../ipam/index.ts';
import type { Datacenter, Inventory, NetworkKind } from '../inventory/index.ts';

export interface VlanHolder {
  readonly infrastructure: string;
  /** `infrastructure edge (network wan)`, `run r-42 (reserved for edge)`. */
  readonly label: string;
}

/**
 * The address space of one datacenter while a plan is resolved: every VLAN
 * and subnet already used by any infrastructure or reservation in it, plus
 * what this resolution hands out, so nothing is ever given twice and no two
 * subnets overlap, across infrastructures and network kinds alike.
 */
export class DatacenterIpam {
  private readonly vlans: VlanAllocator;
  /** VLAN → who holds it, for messages about a pinned VLAN. */
  private readonly vlanHolders = new Map<number, VlanHolder>();
  private readonly usedSubnets: { readonly cidr: string; readonly holder: string }[] = [];
  private readonly allocators = new Map<string, SubnetAllocator>();

  /**
   * `pinned` are the VLANs the plan fixes (`network { vlan = N }`), kept out
   * of automatic allocation so an earlier infrastructure of the same plan
   * cannot take one a later one pins.
   */
  constructor(
    inventory: Inventory,
    readonly datacenter: Datacenter,
    pinned: Iterable<number>,
  ) {
    const used: number[] = [...pinned];
    for (const infra of inventory.infrastructures) {
      if (infra.datacenter !== datacenter.name) continue;
      for (const n of infra.networks) {
        if (n.vlan === null) continue;
        used.push(n.vlan);
        this.vlanHolders.set(n.vlan, { infrastructure: infra.name, label: `infrastructure ${infra.name} (network ${n.name})` });
      }
      for (const s of infra.subnets) this.usedSubnets.push({ cidr: s.cidr, holder: `infrastructure ${infra.name} (subnet ${s.name})` });
    }
    for (const r of inventory.reservations) {
      for (const v of r.vlans) {
        if (v.datacenter !== datacenter.name) continue;
        used.push(v.vlan);
        this.vlanHolders.set(v.vlan, { infrastructure: r.infrastructure, label: `run ${r.run_id} (reserved for ${r.infrastructure})` });
      }
      for (const s of r.subnets) if (s.datacenter === datacenter.name) this.usedSubnets.push({ cidr: s.cidr, holder: `run ${r.run_id} (reserved for ${r.infrastructure})` });
    }
    this.vlans = new VlanAllocator({ from: datacenter.vlan_range.min, to: datacenter.vlan_range.max }, used);
  }

  /** Who holds a VLAN in this datacenter (an infrastructure's network or a run's reservation), if anyone. */
  vlanHolder(vlan: number): VlanHolder | undefined {
    return this.vlanHolders.get(vlan);
  }

  inVlanRange(vlan: number): boolean {
    return vlan >= this.datacenter.vlan_range.min && vlan <= this.datacenter.vlan_range.max;
  }

  /** The lowest free VLAN of the range, or the reason there is none. */
  allocateVlan(holder: VlanHolder): { readonly vlan: number } | { readonly error: string } {
    try {
      const vlan = this.vlans.allocateOrThrow(this.datacenter.name);
      this.vlanHolders.set(vlan, holder);
      return { vlan };
    } catch (error) {
      if (isIpamError(error)) return { error: error.message };
      throw error;
    }
  }

  claimVlan(vlan: number, holder: VlanHolder): void {
    this.vlanHolders.set(vlan, holder);
  }

  /** The default pools of a network kind and family, as the inventory lists them. */
  pools(kind: NetworkKind, family: IpFamily): readonly string[] {
    return this.datacenter.subnet_pools[kind][family];
  }

  defaultPrefix(kind: NetworkKind, family: IpFamily): number {
    return this.datacenter.default_prefix[kind][family];
  }

  /** Who holds a subnet overlapping `cidr`, if anyone (used before this resolution or handed out by it). */
  overlapping(cidr: string): string | undefined {
    return this.usedSubnets.find((u) => cidrOverlaps(u.cidr, cidr))?.holder;
  }

  /** The lowest free aligned `/prefix` of `pools`, or the reason there is none. */
  allocateSubnet(
    pools: readonly string[],
    family: IpFamily,
    prefix: number,
    holder: string,
    where: string,
  ): { readonly cidr: string; readonly pool: string } | { readonly error: string } {
    const key = `${family}\u0000${pools.join(',')}`;
    let cidr: string;
    try {
      let allocator = this.allocators.get(key);
      if (allocator === undefined) {
        allocator = new SubnetAllocator({ pools, family, used: this.usedSubnets.map((u) => u.cidr), scope: where });
        this.allocators.set(key, allocator);
      }
      cidr = allocator.allocateOrThrow(prefix);
    } catch (error) {
      if (isIpamError(error)) return { error: error.message };
      throw error;
    }
    // Other allocators of this datacenter carve from other pools, which may contain this one: tell them.
    for (const [k, other] of this.allocators) if (k !== key) other.reserve(cidr);
    this.usedSubnets.push({ cidr, holder });
    const pool = pools.find((p) => cidrOverlaps(p, cidr)) ?? pools[0] ?? '';
    return { cidr, pool };
  }
}
