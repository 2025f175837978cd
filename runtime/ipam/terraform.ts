import { IpamError } from './errors.ts';
import { formatAddress } from './address.ts';
import { formatCidr, makeCidr, parseCidr } from './cidr.ts';

/*
 * Terraform's cidrsubnet/cidrhost (go-cidr SubnetBig/HostBig): the prefix's
 * host bits are ignored, IPv6 results are RFC 5952 text, and the error
 * wording follows Terraform's so users recognise it.
 */

function toBigInt(value: number | bigint, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) {
    throw new IpamError('invalid-argument', `${what} must be a whole number, got ${value}`);
  }
  return BigInt(value);
}

/**
 * `cidrsubnet("10.1.2.0/24", 4, 15)` = `"10.1.2.240/28"`: extends the prefix
 * by `newbits` and picks subnet number `netnum`.
 */
export function cidrsubnet(prefix: string, newbits: number, netnum: number | bigint): string {
  const base = parseCidr(prefix);
  if (!Number.isSafeInteger(newbits) || newbits < 0) {
    throw new IpamError('invalid-argument', `newbits must be a whole number of at least 0, got ${newbits}`);
  }
  const num = toBigInt(netnum, 'netnum');
  const newPrefix = base.prefix + newbits;
  if (newPrefix > base.bits) {
    throw new IpamError('out-of-range', `insufficient address space to extend prefix of ${base.prefix} by ${newbits}`);
  }
  const maxNum = (1n << BigInt(newbits)) - 1n;
  if (num < 0n || num > maxNum) {
    throw new IpamError('out-of-range', `prefix extension of ${newbits} does not accommodate a subnet numbered ${num}`);
  }
  const network = base.network + (num << BigInt(base.bits - newPrefix));
  return formatCidr(makeCidr(base.family, network, newPrefix));
}

/**
 * `cidrhost("10.12.112.0/20", 16)` = `"10.12.112.16"`; a negative `hostnum`
 * counts from the end (`-1` is the last address).
 */
export function cidrhost(prefix: string, hostnum: number | bigint): string {
  const base = parseCidr(prefix);
  const requested = toBigInt(hostnum, 'hostnum');
  const maxHost = base.size - 1n;
  const offset = requested < 0n ? maxHost + 1n + requested : requested;
  if (offset < 0n || offset > maxHost) {
    throw new IpamError('out-of-range', `prefix of ${base.prefix} does not accommodate a host numbered ${requested}`);
  }
  return formatAddress(base.family, base.network + offset);
}
