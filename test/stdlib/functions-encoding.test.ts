import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { call, fails } from './call-helpers.ts';

test('json: compact, keys sorted at every depth', () => {
  assert.is(call('json', [{ b: [1, { z: 1, y: 2 }], a: 'x' }]), '{"a":"x","b":[1,{"y":2,"z":1}]}');
  assert.is(call('json', [null]), 'null');
  assert.is(call('json', ['q"']), '"q\\""');
  fails('json', [], { kind: 'arity', message: /expects 1 argument, got 0/ });
});

test('base64 round trip over UTF-8', () => {
  assert.is(call('base64encode', ['hi']), 'aGk=');
  assert.is(call('base64decode', ['aGk=']), 'hi');
  assert.is(call('base64decode', [call('base64encode', ['rack é 🙂'])]), 'rack é 🙂');
  assert.is(call('base64decode', ['  aGk=\n']), 'hi');
  assert.is(call('base64decode', ['']), '');
});

test('base64: errors', () => {
  fails('base64encode', [1], { argIndex: 0, message: /must be a string/ });
  fails('base64decode', ['aGk'], { argIndex: 0, message: /not valid Base64/ });
  fails('base64decode', ['a*k='], { argIndex: 0, message: /not valid Base64/ });
  fails('base64decode', ['/w=='], { argIndex: 0, message: /not valid UTF-8/ });
});

test('sha256: hex digest of UTF-8', () => {
  assert.is(call('sha256', ['']), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.is(call('sha256', ['é']), createHash('sha256').update(Buffer.from([0xc3, 0xa9])).digest('hex'));
  fails('sha256', [[]], { argIndex: 0, message: /must be a string, got list/ });
});

test('cidrsubnet: Terraform arithmetic, IPv4 and IPv6', () => {
  assert.is(call('cidrsubnet', ['10.1.0.0/16', 8, 2]), '10.1.2.0/24');
  assert.is(call('cidrsubnet', ['10.1.2.0/24', 4, 15]), '10.1.2.240/28');
  assert.is(call('cidrsubnet', ['2001:db8::/48', 16, 1]), '2001:db8:0:1::/64');
  assert.is(call('cidrsubnet', ['10.0.0.0/8', 0, 0]), '10.0.0.0/8');
});

test('cidrsubnet: errors point at the right argument', () => {
  fails('cidrsubnet', ['10.0.0.0', 8, 1], { argIndex: 0, message: /not a CIDR block/ });
  fails('cidrsubnet', ['10.0.0.0/30', 4, 0], { argIndex: 1, message: /insufficient address space/ });
  fails('cidrsubnet', ['10.0.0.0/16', 2, 4], { argIndex: 2, message: /does not accommodate a subnet numbered 4/ });
  fails('cidrsubnet', ['10.0.0.0/16', 2, -1], { argIndex: 2, message: /numbered -1/ });
  fails('cidrsubnet', ['10.0.0.0/16', -1, 0], { argIndex: 1, message: /newbits/ });
  fails('cidrsubnet', ['10.0.0.0/16', 2.5, 0], { argIndex: 1, message: /whole number/ });
  fails('cidrsubnet', ['10.0.0.0/16', 2], { kind: 'arity', message: /expects 3 arguments, got 2/ });
});

test('cidrhost: from the start, or negative from the end', () => {
  assert.is(call('cidrhost', ['10.12.112.0/20', 16]), '10.12.112.16');
  assert.is(call('cidrhost', ['10.12.112.0/20', 268]), '10.12.113.12');
  assert.is(call('cidrhost', ['10.0.0.0/24', -1]), '10.0.0.255');
  assert.is(call('cidrhost', ['fd00::/64', 5]), 'fd00::5');
});

test('cidrhost: errors', () => {
  fails('cidrhost', ['10.0.0.0/24', 256], { argIndex: 1, message: /does not accommodate a host numbered 256/ });
  fails('cidrhost', ['10.0.0.0/24', -257], { argIndex: 1, message: /numbered -257/ });
  fails('cidrhost', ['not-a-cidr', 1], { argIndex: 0, message: /not a CIDR block/ });
  fails('cidrhost', [10, 1], { argIndex: 0, message: /must be a string/ });
});

test.run();
