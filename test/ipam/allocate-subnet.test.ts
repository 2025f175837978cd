import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateSubnet, allocateSubnetOrThrow, cidrsubnet, IpamError, SubnetAllocator } from '../../runtime/ipam/index.ts';

const v4 = (pools: string[], prefix: number, used: string[]) => allocateSubnet({ pools, family: 'ipv4', prefix, used });

test('the lowest aligned free block is chosen', () => {
  assert.is(v4(['10.20.0.0/16'], 26, []), '10.20.0.0/26');
  assert.is(v4(['10.20.0.0/16'], 26, ['10.20.0.0/26']), '10.20.0.64/26');
  assert.is(v4(['10.20.0.0/16'], 26, ['10.20.0.0/26', '10.20.0.128/25']), '10.20.0.64/26');
  // A /24 never straddles: the first used /26 pushes it to the next /24.
  assert.is(v4(['10.20.0.0/16'], 24, ['10.20.0.64/26']), '10.20.1.0/24');
  // Used subnets may nest and overlap one another.
  assert.is(v4(['10.20.0.0/16'], 26, ['10.20.0.0/24', '10.20.0.64/26', '10.20.1.0/25']), '10.20.1.128/26');
});

test('pools are tried in order; pools of the other family and too small pools are skipped', () => {
  assert.is(v4(['10.30.0.0/24', '10.20.0.0/16'], 26, []), '10.30.0.0/26');
  assert.is(v4(['10.30.0.0/24', '10.20.0.0/16'], 26, ['10.30.0.0/24']), '10.20.0.0/26');
  assert.is(v4(['2001:db8::/48', '10.30.0.0/28', '10.40.0.0/16'], 24, []), '10.40.0.0/24');
  assert.is(v4(['10.30.0.0/24'], 26, ['10.30.0.0/24']), null);
});

test('IPv6 /64s from a /48 pool', () => {
  const request = { pools: ['2001:db8:100::/48'], family: 'ipv6' as const, prefix: 64 };
  assert.is(allocateSubnet({ ...request, used: [] }), '2001:db8:100::/64');
  assert.is(allocateSubnet({ ...request, used: ['2001:db8:100::/56'] }), '2001:db8:100:100::/64');
  assert.is(allocateSubnet({ ...request, used: ['10.0.0.0/8', '2001:db8:100::/64'] }), '2001:db8:100:1::/64');
  const all = [...Array(65536).keys()].map((i) => cidrsubnet('2001:db8:100::/48', 16, i));
  assert.is(allocateSubnet({ ...request, used: all.filter((_, i) => i !== 40000) }), '2001:db8:100:9c40::/64');
  assert.is(allocateSubnet({ ...request, used: all }), null);
});

test('an exhausted pool is an IpamError naming the pool, the size and the count', () => {
  const used = [...Array(1024).keys()].map((i) => cidrsubnet('10.20.0.0/16', 10, i));
  try {
    allocateSubnetOrThrow({ pools: ['10.20.0.0/16'], family: 'ipv4', prefix: 26, used, scope: 'dc-east' });
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, IpamError);
    assert.is((error as IpamError).code, 'exhausted');
    assert.is((error as Error).message.split(';')[0], 'pool 10.20.0.0/16 in dc-east has no free /26 left: 1024 of 1024 used');
  }
});

test('no pool of the family and a block larger than every pool are explained', () => {
  const noPool = (() => {
    try {
      allocateSubnetOrThrow({ pools: ['10.0.0.0/8'], family: 'ipv6', prefix: 64, used: [], scope: 'dc-west' });
    } catch (e) {
      return e as IpamError;
    }
    return null;
  })();
  assert.is(noPool?.code, 'no-pool');
  assert.match(noPool?.message ?? '', /no ipv6 pool in dc-west/);
  assert.throws(
    () => allocateSubnetOrThrow({ pools: ['10.0.0.0/24'], family: 'ipv4', prefix: 16, used: [] }),
    (e: unknown) => e instanceof IpamError && e.message.includes('no room for a /16'),
  );
});

test('bad input is rejected with a clear error', () => {
  assert.throws(() => v4(['10.20.0.5/16'], 26, []), (e: unknown) => e instanceof IpamError && e.code === 'host-bits-set');
  assert.throws(() => v4(['10.20.0.0/16'], 33, []), (e: unknown) => e instanceof IpamError && e.code === 'invalid-argument');
  assert.throws(() => v4(['10.20.0.0/16'], 26, ['bogus']), (e: unknown) => e instanceof IpamError && e.code === 'invalid-cidr');
});

test('the allocator object serves many allocations of mixed sizes without overlap', () => {
  const subnets = new SubnetAllocator({ pools: ['10.0.0.0/8'], family: 'ipv4', used: ['10.0.0.0/24'] });
  const got: string[] = [];
  for (let i = 0; i < 20_000; i++) got.push(subnets.allocateOrThrow(i % 3 === 0 ? 24 : 26));
  assert.is(got[0], '10.0.1.0/24');
  assert.is(got[1], '10.0.2.0/26');
  assert.is(got[2], '10.0.2.64/26');
  assert.is(new Set(got).size, got.length);
  subnets.reserve('10.255.255.0/24');
  assert.is(new SubnetAllocator({ pools: ['10.255.255.0/24'], family: 'ipv4', used: ['10.255.255.0/24'] }).allocate(26), null);
});

test.run();
