import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AddressAllocator, allocateAddress, allocateAddressOrThrow, gatewayAddress, IpamError } from '../../runtime/ipam/index.ts';

test('IPv4: network, gateway and broadcast are never handed out', () => {
  assert.is(allocateAddress({ subnet: '10.20.0.0/26' }), '10.20.0.2');
  assert.is(gatewayAddress('10.20.0.0/26'), '10.20.0.1');
  const all = new AddressAllocator({ subnet: '10.20.0.0/29' });
  const got = [];
  for (let a = all.allocate(); a !== null; a = all.allocate()) got.push(a);
  assert.equal(got, ['10.20.0.2', '10.20.0.3', '10.20.0.4', '10.20.0.5', '10.20.0.6']);
});

test('point-to-point and single-address blocks', () => {
  assert.is(allocateAddress({ subnet: '10.0.0.0/31' }), '10.0.0.1');
  assert.is(gatewayAddress('10.0.0.0/31'), '10.0.0.0');
  assert.is(allocateAddress({ subnet: '10.0.0.0/31', used: ['10.0.0.1'] }), null);
  assert.is(allocateAddress({ subnet: '10.0.0.7/32' }), '10.0.0.7');
  assert.is(gatewayAddress('10.0.0.7/32'), null);
  assert.is(allocateAddress({ subnet: '2001:db8::/127' }), '2001:db8::1');
  assert.is(allocateAddress({ subnet: '2001:db8::5/128' }), '2001:db8::5');
  assert.is(allocateAddress({ subnet: '10.0.0.0/30' }), '10.0.0.2');
  assert.is(allocateAddress({ subnet: '10.0.0.0/30', used: ['10.0.0.2'] }), null);
});

test('IPv6: the subnet-router anycast and gateway are skipped, the last address is usable', () => {
  assert.is(allocateAddress({ subnet: '2001:db8:0:1::/64' }), '2001:db8:0:1::2');
  assert.is(gatewayAddress('2001:db8:0:1::/64'), '2001:db8:0:1::1');
  assert.is(allocateAddress({ subnet: '2001:db8::/126', used: ['2001:db8::2'] }), '2001:db8::3');
});

test('used and reserved addresses and ranges are skipped', () => {
  assert.is(allocateAddress({ subnet: '10.0.0.0/24', used: ['10.0.0.2', '10.0.0.3/24', '10.9.9.9'] }), '10.0.0.4');
  assert.is(allocateAddress({ subnet: '10.0.0.0/24', reserved: ['10.0.0.0/28', '10.0.0.16'] }), '10.0.0.17');
  assert.is(allocateAddress({ subnet: '10.0.0.0/28', reserved: ['10.0.0.0/29'], used: ['10.0.0.8', '10.0.0.9'] }), '10.0.0.10');
});

test('a full subnet is an IpamError that explains what is never handed out', () => {
  try {
    allocateAddressOrThrow({ subnet: '10.20.0.0/29', used: ['10.20.0.2', '10.20.0.3', '10.20.0.4', '10.20.0.5', '10.20.0.6'], scope: 'infrastructure edge' });
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, IpamError);
    const message = (error as Error).message;
    assert.ok(message.startsWith('subnet 10.20.0.0/29 in infrastructure edge has no free address left: 5 of 5 used'), message);
    assert.ok(message.includes('the gateway 10.20.0.1'), message);
  }
});

test('the allocator fills a large subnet and reuses a released address first', () => {
  const pool = new AddressAllocator({ subnet: '10.0.0.0/16' });
  const got = new Set<string>();
  for (let i = 0; i < 60_000; i++) got.add(pool.allocateOrThrow());
  assert.is(got.size, 60_000);
  pool.release('10.0.0.7');
  assert.is(pool.allocate(), '10.0.0.7');
  assert.is(pool.capacity(), 65_533n);
});

test.run();
