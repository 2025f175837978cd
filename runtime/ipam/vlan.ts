import { IpamError } from './errors.ts';

export interface VlanRange {
  readonly from: number;
  readonly to: number;
}

function checkRange(range: VlanRange): void {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 4094;
  if (!ok(range.from) || !ok(range.to) || range.from > range.to) {
    throw new IpamError(
      'invalid-argument',
      `VLAN range ${range.from}-${range.to} is not valid: VLAN ids are 1 to 4094 and "from" must not exceed "to"`,
    );
  }
}

/** Hands out the lowest free VLAN of a range, many times over, in O(1) amortised each. */
export class VlanAllocator {
  readonly range: VlanRange;
  private readonly used = new Set<number>();
  private cursor: number;

  constructor(range: VlanRange, used: Iterable<number> = []) {
    checkRange(range);
    this.range = range;
    this.cursor = range.from;
    for (const vlan of used) this.used.add(vlan);
  }

  allocate(): number | null {
    while (this.cursor <= this.range.to) {
      const candidate = this.cursor++;
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return candidate;
      }
    }
    return null;
  }

  /** Like `allocate`, but an exhausted range is an IpamError naming it. */
  allocateOrThrow(scope?: string): number {
    const vlan = this.allocate();
    if (vlan !== null) return vlan;
    const size = this.range.to - this.range.from + 1;
    const where = scope === undefined ? '' : ` in ${scope}`;
    throw new IpamError(
      'exhausted',
      `VLAN range ${this.range.from}-${this.range.to}${where} has no free VLAN left: ${size} of ${size} used; ` +
        'destroy an unused infrastructure or widen the datacenter\'s VLAN range in the inventory',
    );
  }

  release(vlan: number): void {
    if (this.used.delete(vlan) && vlan < this.cursor && vlan >= this.range.from) this.cursor = vlan;
  }
}

/** The lowest VLAN of `range` not in `used`, or null when none is left. */
export function allocateVlan(range: VlanRange, used: Iterable<number>): number | null {
  return new VlanAllocator(range, used).allocate();
}

export function allocateVlanOrThrow(range: VlanRange, used: Iterable<number>, scope?: string): number {
  return new VlanAllocator(range, used).allocateOrThrow(scope);
}
