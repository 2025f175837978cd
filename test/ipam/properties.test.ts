import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  AddressAllocator,
  allocateSubnet,
  cidrContains,
  cidrOverlaps,
  cidrhost,
  cidrsubnet,
  gatewayAddress,
  hostBitsSet,
  parseCidr,
  SubnetAllocator,
} from '../../runtime/ipam/index.ts';

// Small pools, so a brute-force reference can enumerate every aligned block.
const POOL = '10.42.0.0/24';

/** The reference: every aligned block in address order, the first overlapping nothing. */
function bruteForceSubnet(pool: string, prefix: number, used: readonly string[]): string | null {
  const base = parseCidr(pool);
  if (prefix < base.prefix) return null;
  for (let n = 0; n < 2 ** (prefix - base.prefix); n++) {
    const candidate = cidrsubnet(pool, prefix - base.prefix, n);
    if (!used.some((u) => cidrOverlaps(u, candidate))) return candidate;
  }
  return null;
}

/** Random used blocks inside the pool, of any size, possibly nested. */
const usedBlocks = (pool: string, minPrefix: number, maxPrefix: number) =>
  fc.array(
    fc.integer({ min: minPrefix, max: maxPrefix }).chain((prefix) => {
      const newbits = prefix - parseCidr(pool).prefix;
      return fc.bigInt({ min: 0n, max: (1n << BigInt(newbits)) - 1n }).map((n) => cidrsubnet(pool, newbits, n));
    }),
    { maxLength: 12 },
  );

test('allocateSubnet picks exactly the lowest free aligned block (IPv4)', () => {
  fc.assert(
    fc.property(usedBlocks(POOL, 24, 32), fc.integer({ min: 22, max: 32 }), (used, prefix) => {
      assert.is(allocateSubnet({ pools: [POOL], family: 'ipv4', prefix, used }), bruteForceSubnet(POOL, prefix, used));
    }),
    { numRuns: 300 },
  );
});

test('allocateSubnet picks exactly the lowest free /64 (IPv6)', () => {
  const pool = '2001:db8:7:100::/56';
  fc.assert(
    fc.property(usedBlocks(pool, 56, 128), (used) => {
      assert.is(allocateSubnet({ pools: [pool], family: 'ipv6', prefix: 64, used }), bruteForceSubnet(pool, 64, used));
    }),
    { numRuns: 100 },
  );
});

test('allocated subnets never overlap each other nor used ones, and stay aligned inside the pools', () => {
  const pools = ['10.42.0.0/24', '10.43.0.0/25'];
  fc.assert(
    fc.property(usedBlocks('10.42.0.0/24', 25, 32), fc.array(fc.integer({ min: 24, max: 32 }), { minLength: 1, maxLength: 40 }), (used, prefixes) => {
      const allocator = new SubnetAllocator({ pools, family: 'ipv4', used });
      const got: string[] = [];
      for (const prefix of prefixes) {
        const subnet = allocator.allocate(prefix);
        if (subnet === null) continue;
        assert.is(hostBitsSet(subnet), null);
        assert.is(parseCidr(subnet).prefix, prefix);
        assert.ok(pools.some((pool) => cidrContains(pool, subnet)), `${subnet} outside the pools`);
        for (const other of [...used, ...got]) assert.not.ok(cidrOverlaps(subnet, other), `${subnet} overlaps ${other}`);
        got.push(subnet);
      }
    }),
    { numRuns: 200 },
  );
});

test('the allocator object gives the same answers as one call per allocation', () => {
  fc.assert(
    fc.property(usedBlocks(POOL, 25, 30), fc.array(fc.integer({ min: 25, max: 30 }), { maxLength: 20 }), (used, prefixes) => {
      const allocator = new SubnetAllocator({ pools: [POOL], family: 'ipv4', used });
      const soFar = [...used];
      for (const prefix of prefixes) {
        const one = allocateSubnet({ pools: [POOL], family: 'ipv4', prefix, used: soFar });
        assert.is(allocator.allocate(prefix), one);
        if (one !== null) soFar.push(one);
      }
    }),
    { numRuns: 200 },
  );
});

test('allocation is deterministic whatever the order of the used list', () => {
  fc.assert(
    fc.property(
      usedBlocks(POOL, 25, 30).chain((used) => fc.tuple(fc.constant(used), fc.shuffledSubarray(used, { minLength: used.length, maxLength: used.length }))),
      fc.integer({ min: 24, max: 30 }),
      ([used, shuffled], prefix) => {
        assert.is(
          allocateSubnet({ pools: [POOL], family: 'ipv4', prefix, used: shuffled }),
          allocateSubnet({ pools: [POOL], family: 'ipv4', prefix, used }),
        );
      },
    ),
    { numRuns: 200 },
  );
});

test('every address is inside its subnet, unique, never network/gateway/broadcast/reserved, lowest first', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 24, max: 32 }),
      fc.integer({ min: 0, max: 255 }),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 20 }),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 5 }),
      (prefix, pick, usedHosts, reservedHosts) => {
        const subnet = cidrsubnet('10.9.0.0/24', prefix - 24, pick % 2 ** (prefix - 24));
        const size = 2 ** (32 - prefix);
        const used = usedHosts.map((h) => cidrhost(subnet, h % size));
        const reserved = reservedHosts.map((h) => cidrhost(subnet, h % size));
        const allocator = new AddressAllocator({ subnet, used, reserved });
        const got: string[] = [];
        for (let a = allocator.allocate(); a !== null; a = allocator.allocate()) got.push(a);
        const gateway = gatewayAddress(subnet);
        const expected: string[] = [];
        for (let h = 0; h < size; h++) {
          const address = cidrhost(subnet, h);
          const excluded =
            address === gateway ||
            (size > 2 && (h === 0 || h === size - 1)) ||
            used.includes(address) ||
            reserved.includes(address);
          if (!excluded) expected.push(address);
        }
        assert.equal(got, expected);
        assert.is(new Set(got).size, got.length);
        for (const address of got) assert.ok(cidrContains(subnet, address));
      },
    ),
    { numRuns: 300 },
  );
});

test('cidrsubnet results lie inside the prefix and cidrhost inside the subnet', () => {
  fc.assert(
    fc.property(fc.integer({ min: 8, max: 24 }), fc.integer({ min: 0, max: 8 }), fc.nat(), fc.integer(), (prefix, newbits, netnum, host) => {
      const base = cidrsubnet('10.0.0.0/8', prefix - 8, 0);
      const subnet = cidrsubnet(base, newbits, netnum % 2 ** newbits);
      assert.ok(cidrContains(base, subnet));
      const size = 2 ** (32 - prefix - newbits);
      const hostnum = host % size;
      assert.ok(cidrContains(subnet, cidrhost(subnet, hostnum)));
    }),
    { numRuns: 300 },
  );
});

test.run();
