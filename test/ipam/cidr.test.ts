import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cidrContains, cidrOverlaps, hostBitsSet, IpamError, normalizeCidr, parseCidr, parseNetwork, normalizeAddress } from '../../runtime/ipam/index.ts';

function throwsIpam(fn: () => unknown, code: string, mentions?: string): void {
  try {
    fn();
  } catch (error) {
    assert.instance(error, IpamError);
    assert.is((error as IpamError).code, code);
    if (mentions !== undefined) assert.ok((error as Error).message.includes(mentions), (error as Error).message);
    return;
  }
  assert.unreachable('expected an IpamError');
}

test('parseCidr reads IPv4 and IPv6 blocks', () => {
  const v4 = parseCidr('10.20.0.0/16');
  assert.is(v4.family, 'ipv4');
  assert.is(v4.prefix, 16);
  assert.is(v4.network, (10n << 24n) | (20n << 16n));
  assert.is(v4.size, 65536n);
  assert.is(v4.last - v4.network, 65535n);
  const v6 = parseCidr('2001:DB8::/48');
  assert.is(v6.family, 'ipv6');
  assert.is(v6.bits, 128);
  assert.is(v6.size, 1n << 80n);
  assert.is(normalizeCidr('2001:DB8:0:0::/48'), '2001:db8::/48');
});

test('parseCidr rejects what the language rejects', () => {
  for (const bad of ['10.0.0.0', '127.1/8', '0x7f000001/8', '10.0.0.0/33', '2001:db8::/129', 'fe80::1%eth0/64', '10.0.0.0/', '10.0.0.0/024', '010.0.0.0/8', 'x/8']) {
    throwsIpam(() => parseCidr(bad), 'invalid-cidr', bad);
  }
});

test('hostBitsSet returns the corrected network, or null for a clean block', () => {
  assert.is(hostBitsSet('10.0.0.5/24'), '10.0.0.0/24');
  assert.is(hostBitsSet('10.0.0.0/24'), null);
  assert.is(hostBitsSet('2001:db8::1/64'), '2001:db8::/64');
  assert.is(hostBitsSet('192.168.1.1/32'), null);
  throwsIpam(() => parseNetwork('10.0.0.5/24'), 'host-bits-set', '10.0.0.0/24');
});

test('cidrContains takes blocks and addresses, never across families', () => {
  assert.ok(cidrContains('10.0.0.0/8', '10.20.0.0/16'));
  assert.ok(cidrContains('10.0.0.0/8', '10.255.255.255'));
  assert.not.ok(cidrContains('10.0.0.0/8', '11.0.0.0'));
  assert.not.ok(cidrContains('10.20.0.0/16', '10.0.0.0/8'));
  assert.ok(cidrContains('2001:db8::/32', '2001:db8:ffff::/48'));
  assert.not.ok(cidrContains('::/0', '10.0.0.1'));
});

test('cidrOverlaps is symmetric and exact at the edges', () => {
  assert.ok(cidrOverlaps('10.0.0.0/24', '10.0.0.128/25'));
  assert.ok(cidrOverlaps('10.0.0.128/25', '10.0.0.0/24'));
  assert.not.ok(cidrOverlaps('10.0.0.0/25', '10.0.0.128/25'));
  assert.ok(cidrOverlaps('10.0.0.0/25', '10.0.0.127'));
  assert.not.ok(cidrOverlaps('10.0.0.0/8', '2001:db8::/32'));
});

test('addresses normalise to their canonical text', () => {
  assert.is(normalizeAddress('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
  assert.is(normalizeAddress('10.1.2.3'), '10.1.2.3');
  throwsIpam(() => normalizeAddress('10.1.2'), 'invalid-address');
});

test.run();
