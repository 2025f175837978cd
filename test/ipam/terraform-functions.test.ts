import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cidrhost, cidrsubnet, IpamError } from '../../runtime/ipam/index.ts';

function error(fn: () => unknown): IpamError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, IpamError);
    return e as IpamError;
  }
  return assert.unreachable('expected an IpamError') as never;
}

// Examples from Terraform's documentation of the two functions.
test('cidrsubnet matches Terraform', () => {
  assert.is(cidrsubnet('172.16.0.0/12', 4, 2), '172.18.0.0/16');
  assert.is(cidrsubnet('10.1.2.0/24', 4, 15), '10.1.2.240/28');
  assert.is(cidrsubnet('fd00:fd12:3456:7890::/56', 16, 162), 'fd00:fd12:3456:7800:a200::/72');
  assert.is(cidrsubnet('10.0.0.0/8', 0, 0), '10.0.0.0/8');
  assert.is(cidrsubnet('2001:db8::/48', 16, 65535), '2001:db8:0:ffff::/64');
  assert.is(cidrsubnet('10.0.0.9/24', 8, 1), '10.0.0.1/32');
});

test('cidrsubnet errors as Terraform does', () => {
  assert.is(error(() => cidrsubnet('10.0.0.0/24', 9, 0)).message, 'insufficient address space to extend prefix of 24 by 9');
  assert.is(error(() => cidrsubnet('10.0.0.0/24', 2, 4)).message, 'prefix extension of 2 does not accommodate a subnet numbered 4');
  assert.is(error(() => cidrsubnet('10.0.0.0/24', 2, -1)).code, 'out-of-range');
  assert.is(error(() => cidrsubnet('10.0.0.0/24', 1.5, 0)).code, 'invalid-argument');
});

test('cidrhost matches Terraform, negative numbers counting from the end', () => {
  assert.is(cidrhost('10.12.112.0/20', 16), '10.12.112.16');
  assert.is(cidrhost('10.12.112.0/20', 268), '10.12.113.12');
  assert.is(cidrhost('fd00:fd12:3456:7890:00a2::/72', 34), 'fd00:fd12:3456:7890::22');
  assert.is(cidrhost('10.0.0.0/24', -1), '10.0.0.255');
  assert.is(cidrhost('10.0.0.0/24', -256), '10.0.0.0');
  assert.is(cidrhost('2001:db8::/64', -1), '2001:db8::ffff:ffff:ffff:ffff');
});

test('cidrhost rejects hosts outside the prefix', () => {
  assert.is(error(() => cidrhost('10.0.0.0/24', 256)).message, 'prefix of 24 does not accommodate a host numbered 256');
  assert.is(error(() => cidrhost('10.0.0.0/24', -257)).code, 'out-of-range');
  assert.is(error(() => cidrhost('10.0.0.0/24', 0.5)).code, 'invalid-argument');
});

test.run();
