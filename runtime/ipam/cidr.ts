import { IpamError } from './errors.ts';
import { familyBits, formatAddress, tryParseAddress, type IpFamily } from './address.ts';

export interface Cidr {
  readonly family: IpFamily;
  readonly bits: 32 | 128;
  readonly prefix: number;
  /** The address as written, host bits included. */
  readonly address: bigint;
  /** First address of the block (host bits cleared). */
  readonly network: bigint;
  /** Last address of the block (the IPv4 broadcast address). */
  readonly last: bigint;
  /** Number of addresses in the block. */
  readonly size: bigint;
}

const PREFIX_RE = /^(0|[1-9][0-9]{0,2})$/;

/**
 * Parses `ADDRESS/PREFIX`. Host bits may be set (the result keeps them in
 * `address`); use `hostBitsSet` or `parseNetwork` to insist on a clean block.
 */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? '' : text.slice(0, slash);
  const prefixText = slash < 0 ? '' : text.slice(slash + 1);
  const parsed = slash < 0 ? null : tryParseAddress(addressText);
  if (parsed === null || !PREFIX_RE.test(prefixText)) {
    throw new IpamError('invalid-cidr', `"${text}" is not a CIDR block: write ADDRESS/PREFIX, e.g. 10.0.0.0/24 or 2001:db8::/48`);
  }
  const bits = familyBits(parsed.family);
  const prefix = Number(prefixText);
  if (prefix > bits) {
    throw new IpamError('invalid-cidr', `"${text}" has prefix /${prefix}, but an ${parsed.family} prefix is at most /${bits}`);
  }
  return makeCidr(parsed.family, parsed.value, prefix);
}

export function makeCidr(family: IpFamily, address: bigint, prefix: number): Cidr {
  const bits = familyBits(family);
  const size = 1n << BigInt(bits - prefix);
  const network = address - (address % size);
  return { family, bits, prefix, address, network, last: network + size - 1n, size };
}

/** Parses a CIDR that must not have host bits set (pools, allocated subnets). */
export function parseNetwork(text: string): Cidr {
  const cidr = parseCidr(text);
  if (cidr.address !== cidr.network) {
    const fixed = formatCidr(cidr);
    throw new IpamError('host-bits-set', `"${text}" has host bits set: the network is ${fixed}`);
  }
  return cidr;
}

/** The network form `NETWORK/PREFIX`, host bits cleared. */
export function formatCidr(cidr: Pick<Cidr, 'family' | 'network' | 'prefix'>): string {
  return `${formatAddress(cidr.family, cidr.network)}/${cidr.prefix}`;
}

/** Canonical text of a CIDR (lower-case, compressed IPv6, host bits cleared). */
export function normalizeCidr(text: string): string {
  return formatCidr(parseCidr(text));
}

/**
 * Returns the corrected network CIDR when `text` has host bits set
 * (`10.0.0.5/24` → `10.0.0.0/24`), or null when it is already a network.
 */
export function hostBitsSet(text: string): string | null {
  const cidr = parseCidr(text);
  return cidr.address === cidr.network ? null : formatCidr(cidr);
}

/** A CIDR, or an address (`10.0.0.5`) taken as a single-address block. */
export function parseBlock(text: string): Cidr {
  if (!text.includes('/')) {
    const parsed = tryParseAddress(text);
    if (parsed === null) throw new IpamError('invalid-address', `"${text}" is not an IPv4 or IPv6 address or CIDR block`);
    return makeCidr(parsed.family, parsed.value, familyBits(parsed.family));
  }
  return parseCidr(text);
}

/** True when `inner` (a CIDR or an address) lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseBlock(inner);
  return a.family === b.family && b.network >= a.network && b.last <= a.last;
}

/** True when the two blocks share at least one address. */
export function cidrOverlaps(a: string, b: string): boolean {
  const x = parseBlock(a);
  const y = parseBlock(b);
  return x.family === y.family && x.network <= y.last && y.network <= x.last;
}
