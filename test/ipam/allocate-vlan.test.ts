import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateVlan, allocateVlanOrThrow, IpamError, VlanAllocator } from '../../runtime/ipam/index.ts';

test('allocateVlan returns the lowest free VLAN', () => {
  assert.is(allocateVlan({ from: 100, to: 199 }, []), 100);
  assert.is(allocateVlan({ from: 100, to: 199 }, [100, 101, 103]), 102);
  assert.is(allocateVlan({ from: 100, to: 102 }, new Set([100, 101, 102])), null);
  assert.is(allocateVlan({ from: 100, to: 199 }, [5, 4000]), 100);
});

test('an exhausted range is an IpamError saying so', () => {
  try {
    allocateVlanOrThrow({ from: 10, to: 11 }, [10, 11], 'dc-east');
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, IpamError);
    assert.is((error as IpamError).code, 'exhausted');
    assert.is((error as Error).message.split(';')[0], 'VLAN range 10-11 in dc-east has no free VLAN left: 2 of 2 used');
  }
});

test('invalid ranges are rejected', () => {
  for (const range of [{ from: 0, to: 10 }, { from: 10, to: 4095 }, { from: 20, to: 10 }, { from: 1.5, to: 10 }]) {
    assert.throws(() => allocateVlan(range, []), (e: unknown) => e instanceof IpamError && e.code === 'invalid-argument');
  }
});

test('the allocator hands out VLANs in order and reuses released ones first', () => {
  const vlans = new VlanAllocator({ from: 1, to: 4094 }, [2]);
  assert.equal([vlans.allocate(), vlans.allocate(), vlans.allocate()], [1, 3, 4]);
  vlans.release(3);
  assert.is(vlans.allocate(), 3);
  assert.is(vlans.allocate(), 5);
});

test.run();
