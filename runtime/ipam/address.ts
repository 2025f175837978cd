import ipaddr from 'ipaddr.js';
import { IpamError } from './errors.ts';

export type IpFamily = 'ipv4' | 'ipv6';

/** An address as an unsigned integer, so ranges are plain arithmetic. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

export function familyBits(family: IpFamily): 32 | 128 {
  return family === 'ipv4' ? 32 : 128;
}

/**
 * Parses one address. IPv4 must be four decimal parts (`127.1` and `0x7f...`
 * are rejected, as in the language); IPv6 zone ids are rejected because an
 * allocated address never carries one.
 */
export function parseAddress(text: string): IpAddress {
  const parsed = tryParseAddress(text);
  if (parsed === null) {
    throw new IpamError('invalid-address', `"${text}" is not an IPv4 or IPv6 address`);
  }
  return parsed;
}

// Four decimal parts without leading zeros, as ipaddr.js's isValidFourPartDecimal.
const IPV4_RE = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;

export function tryParseAddress(text: string): IpAddress | null {
  // Hand-rolled IPv4 path: allocators parse tens of thousands of used
  // addresses per plan, and ipaddr.js's general parser dominates that cost.
  const v4 = IPV4_RE.exec(text);
  if (v4 !== null) {
    let value = 0;
    for (let i = 1; i <= 4; i++) {
      const octet = Number(v4[i]);
      if (octet > 255) return null;
      value = value * 256 + octet;
    }
    return { family: 'ipv4', value: BigInt(value) };
  }
  if (!text.includes('%') && ipaddr.IPv6.isValid(text)) {
    const parts = ipaddr.IPv6.parse(text).parts;
    let value = 0n;
    for (const part of parts) value = (value << 16n) | BigInt(part);
    return { family: 'ipv6', value };
  }
  return null;
}

/** IPv4 dotted decimal; IPv6 in RFC 5952 form (what Go, hence Terraform, prints). */
export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 'ipv4') {
    const n = Number(value);
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((value >> shift) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** Normalises an address string (e.g. `2001:DB8:0::1` → `2001:db8::1`). */
export function normalizeAddress(text: string): string {
  const { family, value } = parseAddress(text);
  return formatAddress(family, value);
}
