import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, fails } from './call-helpers.ts';

test('join: separator first, scalars written as in interpolation', () => {
  assert.is(call('join', [', ', ['a', 'b', 3, true]]), 'a, b, 3, true');
  assert.is(call('join', ['-', []]), '');
  assert.is(call('join', ['', ['x']]), 'x');
});

test('join: errors', () => {
  fails('join', [',', ['a', ['nested']]], { argIndex: 1, message: /element 1 .* list/ });
  fails('join', [',', ['a', null]], { argIndex: 1, message: /element 1 .*null/ });
  fails('join', [',', 'ab'], { argIndex: 1, message: /must be a list, got string/ });
  fails('join', [1, ['a']], { argIndex: 0, message: /must be a string, got number 1/ });
  fails('join', [','], { kind: 'arity', message: /expects 2 arguments, got 1/ });
});

test('split: literal separator, empty string gives an empty list', () => {
  assert.equal(call('split', [',', 'a,b,,c']), ['a', 'b', '', 'c']);
  assert.equal(call('split', [',', '']), []);
  assert.equal(call('split', ['.', 'a.b']), ['a', 'b']);
  assert.equal(call('split', ['::', 'x::y']), ['x', 'y']);
});

test('split: errors', () => {
  fails('split', ['', 'abc'], { argIndex: 0, message: /separator must not be empty/ });
  fails('split', [',', 3], { argIndex: 1, message: /must be a string/ });
});

test('lower and upper', () => {
  assert.is(call('lower', ['Rack-A É']), 'rack-a é');
  assert.is(call('upper', ['eu-west ß']), 'EU-WEST SS');
  fails('lower', [5], { argIndex: 0, message: /must be a string, got number 5/ });
  fails('upper', [null], { argIndex: 0, message: /must be a string, got null/ });
  fails('upper', ['a', 'b'], { kind: 'arity', message: /expects 1 argument, got 2/ });
});

test('replace: every occurrence, literally (no regex)', () => {
  assert.is(call('replace', ['web_01_a', '_', '-']), 'web-01-a');
  assert.is(call('replace', ['a.b.c', '.', '']), 'abc');
  assert.is(call('replace', ['/a+/', 'a+', 'x']), '/x/');
  assert.is(call('replace', ['none', 'z', 'y']), 'none');
});

test('replace: errors', () => {
  fails('replace', ['abc', '', 'x'], { argIndex: 1, message: /search text must not be empty/ });
  fails('replace', ['abc', 'a', 1], { argIndex: 2, message: /argument 3 must be a string/ });
});

test('trimspace, startswith, endswith', () => {
  assert.is(call('trimspace', ['  token\n\t']), 'token');
  assert.is(call('startswith', ['srv-0042', 'srv-']), true);
  assert.is(call('startswith', ['srv-0042', 'rv']), false);
  assert.is(call('endswith', ['node.example.com', '.com']), true);
  assert.is(call('endswith', ['node.example.com', '.org']), false);
  fails('trimspace', [[]], { argIndex: 0, message: /must be a string, got list/ });
  fails('startswith', ['a', 1], { argIndex: 1, message: /must be a string/ });
  fails('endswith', [true, 'a'], { argIndex: 0, message: /must be a string, got bool true/ });
});

test('format: %s %d %v %q %%', () => {
  assert.is(call('format', ['%s-%d', 'web', 3]), 'web-3');
  assert.is(call('format', ['%v|%v|%v', 'x', [1, 2], { b: 1, a: null }]), 'x|[1,2]|{"a":null,"b":1}');
  assert.is(call('format', ['%q', 'say "hi"']), '"say \\"hi\\""');
  assert.is(call('format', ['100%%']), '100%');
  assert.is(call('format', ['%s', true]), 'true');
  assert.is(call('format', ['no verbs']), 'no verbs');
});

test('format: errors', () => {
  fails('format', ['%s %s', 'a'], { argIndex: 0, message: /more verbs than values/ });
  fails('format', ['%s', 'a', 'b'], { argIndex: 2, message: /left over/ });
  fails('format', ['%x', 1], { argIndex: 0, message: /unknown verb "%x"/ });
  fails('format', ['50%'], { argIndex: 0, message: /lone "%"/ });
  fails('format', ['%d', '3'], { argIndex: 1, message: /%d needs a whole number, got string "3"/ });
  fails('format', ['%d', 1.5], { argIndex: 1, message: /%d needs a whole number/ });
  fails('format', ['%s', [1]], { argIndex: 1, message: /%s needs a string.*use %v/ });
  fails('format', [], { kind: 'arity', message: /at least 1 argument, got 0/ });
});

test.run();
