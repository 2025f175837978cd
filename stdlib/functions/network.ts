import { cidrhost as ipamCidrhost, cidrsubnet as ipamCidrsubnet, isIpamError, parseCidr } from '../../runtime/ipam/index.ts';
import { T } from '../types.ts';
import { defineFunction, type Args } from './args.ts';

/**
 * Both functions are Terraform's, implemented once in runtime/ipam (the same
 * arithmetic IPAM allocates with); here they get a signature, docs, and their
 * IPAM errors turned into FunctionErrors pointing at the right argument.
 */
function viaIpam<R>(a: Args, blame: (code: string) => number, run: () => R): R {
  try {
    return run();
  } catch (e) {
    if (isIpamError(e)) a.fail(e.message, blame(e.code));
    throw e;
  }
}

const isPrefixProblem = (code: string) => code === 'invalid-cidr' || code === 'invalid-address' || code === 'host-bits-set';

export const cidrsubnet = defineFunction({
  name: 'cidrsubnet',
  params: [
    { name: 'prefix', type: T.cidr, doc: 'The block to carve from; host bits are ignored, as in Terraform.' },
    { name: 'newbits', type: T.int, doc: 'How many bits to add to the prefix length (`/16` + 8 → `/24`).' },
    { name: 'netnum', type: T.int, doc: 'Which of the 2^newbits subnets, from 0.' },
  ],
  returns: T.cidr,
  doc: 'Calculates a subnet address within a CIDR block, as Terraform does: the prefix is extended by `newbits` bits and `netnum` picks the subnet. Works for IPv4 and IPv6; IPv6 results are in RFC 5952 form.',
  example: 'cidrsubnet(10.1.0.0/16, 8, 2) → 10.1.2.0/24',
  pure: true,
  impl: (a) => {
    const prefix = a.string(0);
    const newbits = a.int(1);
    const netnum = a.int(2);
    return viaIpam(
      a,
      (code) => {
        if (isPrefixProblem(code)) return 0;
        const base = parseCidr(prefix);
        return newbits < 0 || base.prefix + newbits > base.bits ? 1 : 2;
      },
      () => ipamCidrsubnet(prefix, newbits, netnum),
    );
  },
});

export const cidrhost = defineFunction({
  name: 'cidrhost',
  params: [
    { name: 'prefix', type: T.cidr, doc: 'The block the address lies in.' },
    { name: 'hostnum', type: T.int, doc: 'Which address, from 0 (the network address); negative counts from the end (-1 is the last).' },
  ],
  returns: T.ip,
  doc: 'Calculates one host address within a CIDR block, as Terraform does: `hostnum` 0 is the network address itself, and a negative number counts back from the last address of the block.',
  example: 'cidrhost(10.12.112.0/20, 16) → 10.12.112.16',
  pure: true,
  impl: (a) => {
    const prefix = a.string(0);
    const hostnum = a.int(1);
    return viaIpam(a, (code) => (isPrefixProblem(code) ? 0 : 1), () => ipamCidrhost(prefix, hostnum));
  },
});

export const NETWORK_FUNCTIONS = [cidrsubnet, cidrhost] as const;
