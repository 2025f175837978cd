import { IpamError } from './errors.ts';
import { formatAddress, parseAddress } from './address.ts';
import { formatCidr, parseBlock, parseNetwork, type Cidr } from './cidr.ts';
import { IntervalSet } from './intervals.ts';

/*
 * Address policy (docs in README.md):
 * - the first address after the network address is the gateway and is never
 *   handed out; nor are the network address and, for IPv4, the broadcast
 *   address. IPv6 has no broadcast, so its last address is usable.
 * - point-to-point blocks (IPv4 /31, IPv6 /127, RFC 3021 / RFC 6164): the
 *   lower address is the peer (gateway), the upper one is allocatable.
 * - single-address blocks (/32, /128): the address itself is allocatable and
 *   there is no gateway (VIPs, loopbacks).
 */

interface Span {
  readonly first: bigint;
  readonly last: bigint;
  readonly gateway: bigint | null;
}

function allocatableSpan(subnet: Cidr): Span {
  const hostBits = subnet.bits - subnet.prefix;
  if (hostBits === 0) return { first: subnet.network, last: subnet.network, gateway: null };
  if (hostBits === 1) return { first: subnet.last, last: subnet.last, gateway: subnet.network };
  const last = subnet.family === 'ipv4' ? subnet.last - 1n : subnet.last;
  return { first: subnet.network + 2n, last, gateway: subnet.network + 1n };
}

/** The gateway address of a subnet under the policy above, or null for /32 and /128. */
export function gatewayAddress(subnet: string): string | null {
  const cidr = parseNetwork(subnet);
  const { gateway } = allocatableSpan(cidr);
  return gateway === null ? null : formatAddress(cidr.family, gateway);
}

export interface AddressRequest {
  /** The subnet to take an address from (no host bits set). */
  readonly subnet: string;
  /** Addresses already given out (an `ADDRESS/PREFIX` interface notation is accepted). */
  readonly used?: Iterable<string>;
  /** Addresses or CIDR blocks never to hand out (VIPs, DHCP ranges, ...). */
  readonly reserved?: Iterable<string>;
  /** Where the subnet is, for error messages (e.g. "infrastructure edge"). */
  readonly scope?: string;
}

function addressValue(text: string): { family: string; value: bigint } {
  const slash = text.indexOf('/');
  return parseAddress(slash < 0 ? text : text.slice(0, slash));
}

/**
 * Hands out the lowest free addresses of one subnet. A cursor only moves
 * forward (back only on release), so each allocation is O(1) amortised.
 */
export class AddressAllocator {
  readonly subnet: string;
  private readonly cidr: Cidr;
  private readonly span: Span;
  private readonly used = new Set<bigint>();
  private readonly reserved: IntervalSet;
  private readonly scope: string | undefined;
  private cursor: bigint;

  constructor(request: AddressRequest) {
    this.cidr = parseNetwork(request.subnet);
    this.subnet = formatCidr(this.cidr);
    this.span = allocatableSpan(this.cidr);
    this.scope = request.scope;
    this.cursor = this.span.first;
    for (const text of request.used ?? []) this.reserve(text);
    const blocks = [];
    for (const text of request.reserved ?? []) {
      const block = parseBlock(text);
      if (block.family === this.cidr.family) blocks.push({ start: block.network, end: block.last });
    }
    this.reserved = IntervalSet.from(blocks);
  }

  /** The lowest free address, marked used; null when the subnet is full. */
  allocate(): string | null {
    while (this.cursor <= this.span.last) {
      const blocked = this.reserved.find(this.cursor);
      if (blocked !== undefined) {
        this.cursor = blocked.end + 1n;
        continue;
      }
      const candidate = this.cursor++;
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return formatAddress(this.cidr.family, candidate);
      }
    }
    return null;
  }

  allocateOrThrow(): string {
    const address = this.allocate();
    if (address !== null) return address;
    const capacity = this.capacity();
    const where = this.scope === undefined ? '' : ` in ${this.scope}`;
    throw new IpamError(
      'exhausted',
      `subnet ${this.subnet}${where} has no free address left: ${capacity} of ${capacity} used ` +
        `(${this.excludedNote()}); release addresses or use a subnet with a shorter prefix than /${this.cidr.prefix}`,
    );
  }

  /** Marks an address as taken; addresses outside the subnet are ignored. */
  reserve(address: string): void {
    const { family, value } = addressValue(address);
    if (family === this.cidr.family && value >= this.cidr.network && value <= this.cidr.last) this.used.add(value);
  }

  release(address: string): void {
    const { value } = addressValue(address);
    if (this.used.delete(value) && value < this.cursor && value >= this.span.first) this.cursor = value;
  }

  /** How many addresses this subnet can hand out in total (reserved ones excluded). */
  capacity(): bigint {
    let count = this.span.last - this.span.first + 1n;
    for (let i = 0; i < this.reserved.length; i++) {
      const block = this.reserved.at(i)!;
      const start = block.start > this.span.first ? block.start : this.span.first;
      const end = block.end < this.span.last ? block.end : this.span.last;
      if (start <= end) count -= end - start + 1n;
    }
    return count;
  }

  private excludedNote(): string {
    const { gateway } = this.span;
    const parts: string[] = [];
    if (this.cidr.prefix < this.cidr.bits - 1) parts.push('the network address');
    if (gateway !== null) parts.push(`the gateway ${formatAddress(this.cidr.family, gateway)}`);
    if (this.cidr.family === 'ipv4' && this.cidr.prefix < 31) parts.push('the broadcast address');
    if (this.reserved.length > 0) parts.push('reserved addresses');
    if (parts.length === 0) return 'a single-address block';
    const listed = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
    return `${listed} ${parts.length === 1 ? 'is' : 'are'} never handed out`;
  }
}

/** The lowest free address of `subnet` under the policy above, or null when full. */
export function allocateAddress(request: AddressRequest): string | null {
  return new AddressAllocator(request).allocate();
}

export function allocateAddressOrThrow(request: AddressRequest): string {
  return new AddressAllocator(request).allocateOrThrow();
}
