import { IpamError } from './errors.ts';
import { familyBits, type IpFamily } from './address.ts';
import { formatCidr, makeCidr, parseCidr, parseNetwork, type Cidr } from './cidr.ts';
import { IntervalSet } from './intervals.ts';

export interface SubnetRequest {
  /** Pools to carve from, tried in this order; pools of the other family are ignored. */
  readonly pools: readonly string[];
  readonly family: IpFamily;
  /** Prefix length of the wanted subnet (e.g. 26, or 64 for IPv6). */
  readonly prefix: number;
  /** Subnets already allocated anywhere in those pools (other families ignored). */
  readonly used: readonly string[];
}

export interface SubnetPoolOptions {
  readonly pools: readonly string[];
  readonly family: IpFamily;
  readonly used?: Iterable<string>;
  /** Where the pools are, for error messages (e.g. "dc-east"). */
  readonly scope?: string;
}

/**
 * Carves aligned subnets out of a list of pools, lowest address first, in
 * pool order. One instance serves many allocations: used space is a sorted
 * interval set and each prefix length keeps a cursor below which nothing of
 * that size is free, so a run of N allocations costs O(N log N) overall.
 */
export class SubnetAllocator {
  readonly family: IpFamily;
  private readonly pools: readonly Cidr[];
  private readonly used: IntervalSet;
  private readonly scope: string | undefined;
  /** Per prefix: the pool index and address from which to resume searching. */
  private readonly cursors = new Map<number, { pool: number; next: bigint }>();

  constructor(options: SubnetPoolOptions) {
    this.family = options.family;
    this.scope = options.scope;
    this.pools = options.pools.map((text) => parseNetwork(text)).filter((pool) => pool.family === options.family);
    const intervals = [];
    for (const text of options.used ?? []) {
      const cidr = parseCidr(text);
      if (cidr.family === options.family) intervals.push({ start: cidr.network, end: cidr.last });
    }
    this.used = IntervalSet.from(intervals);
  }

  /** The lowest free aligned /prefix block, marked used; null when none is left. */
  allocate(prefix: number): string | null {
    this.checkPrefix(prefix);
    const bits = familyBits(this.family);
    const size = 1n << BigInt(bits - prefix);
    const cursor = this.cursors.get(prefix) ?? { pool: 0, next: -1n };
    for (let p = cursor.pool; p < this.pools.length; p++) {
      const pool = this.pools[p]!;
      if (pool.prefix > prefix) continue;
      const from = p === cursor.pool && cursor.next > pool.network ? cursor.next : pool.network;
      const found = this.findIn(pool, from, size);
      if (found !== null) {
        this.used.add(found, found + size - 1n);
        this.cursors.set(prefix, { pool: p, next: found + size });
        return formatCidr(makeCidr(this.family, found, prefix));
      }
    }
    this.cursors.set(prefix, { pool: this.pools.length, next: 0n });
    return null;
  }

  /** Like `allocate`, but failure is an IpamError saying what is exhausted. */
  allocateOrThrow(prefix: number): string {
    const subnet = this.allocate(prefix);
    if (subnet !== null) return subnet;
    throw this.exhaustedError(prefix);
  }

  /** Marks a subnet as used (e.g. one the blueprint fixed), so it is never handed out. */
  reserve(cidr: string): void {
    const parsed = parseCidr(cidr);
    if (parsed.family === this.family) this.used.add(parsed.network, parsed.last);
  }

  private findIn(pool: Cidr, from: bigint, size: bigint): bigint | null {
    let candidate = alignUp(from, size);
    let index = this.used.firstEndingAtOrAfter(candidate);
    for (;;) {
      const end = candidate + size - 1n;
      if (end > pool.last) return null;
      const blocker = this.used.at(index);
      if (blocker === undefined || blocker.start > end) return candidate;
      candidate = alignUp(blocker.end + 1n, size);
      while (index < this.used.length && this.used.at(index)!.end < candidate) index++;
    }
  }

  private checkPrefix(prefix: number): void {
    const bits = familyBits(this.family);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
      throw new IpamError('invalid-argument', `/${prefix} is not a valid ${this.family} prefix length (0 to ${bits})`);
    }
  }

  private exhaustedError(prefix: number): IpamError {
    const where = this.scope === undefined ? '' : ` in ${this.scope}`;
    if (this.pools.length === 0) {
      return new IpamError(
        'no-pool',
        `there is no ${this.family} pool${where} to allocate a /${prefix} from: add one to the datacenter in the inventory`,
      );
    }
    const names = this.pools.map((pool) => formatCidr(pool)).join(', ');
    const subject = this.pools.length === 1 ? `pool ${names}${where} has` : `pools ${names}${where} have`;
    const fitting = this.pools.filter((pool) => pool.prefix <= prefix);
    if (fitting.length === 0) {
      return new IpamError(
        'exhausted',
        `${subject} no room for a /${prefix}: it is larger than the pool; ask for a longer prefix or add a larger pool to the inventory`,
      );
    }
    let total = 0n;
    for (const pool of fitting) total += 1n << BigInt(prefix - pool.prefix);
    return new IpamError(
      'exhausted',
      `${subject} no free /${prefix} left: ${total} of ${total} used; ` +
        `destroy an unused infrastructure, ask for a longer prefix than /${prefix}, or add a pool to the inventory`,
    );
  }
}

function alignUp(value: bigint, size: bigint): bigint {
  const rest = value % size;
  return rest === 0n ? value : value + size - rest;
}

/**
 * The lowest-addressed aligned /prefix block inside `pools` (in pool order)
 * that overlaps no used subnet, or null when none is left.
 */
export function allocateSubnet(request: SubnetRequest): string | null {
  return new SubnetAllocator(request).allocate(request.prefix);
}

export function allocateSubnetOrThrow(request: SubnetRequest & { readonly scope?: string }): string {
  return new SubnetAllocator(request).allocateOrThrow(request.prefix);
}
