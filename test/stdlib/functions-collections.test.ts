import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, fails } from './call-helpers.ts';

test('length: code points of strings, elements of lists, keys of maps', () => {
  assert.is(call('length', ['héllo']), 5);
  assert.is(call('length', ['🙂']), 1);
  assert.is(call('length', [[1, 2, 3]]), 3);
  assert.is(call('length', [{ a: 1, b: 2 }]), 2);
  assert.is(call('length', ['']), 0);
  fails('length', [42], { argIndex: 0, message: /string, list, map or object, got number 42/ });
  fails('length', [null], { argIndex: 0, message: /got null/ });
  fails('length', [], { kind: 'arity', message: /expects 1 argument, got 0/ });
});

test('concat: lists end to end', () => {
  assert.equal(call('concat', [[1, 2], [3], []]), [1, 2, 3]);
  assert.equal(call('concat', [['a']]), ['a']);
  fails('concat', [[1], 'x'], { argIndex: 1, message: /argument 2 must be a list, got string/ });
  fails('concat', [], { kind: 'arity', message: /at least 1 argument/ });
});

test('flatten: nested lists at any depth', () => {
  assert.equal(call('flatten', [[[1, 2], [3, [4]], [], 5]]), [1, 2, 3, 4, 5]);
  assert.equal(call('flatten', [[]]), []);
  fails('flatten', [{ a: 1 }], { argIndex: 0, message: /must be a list, got object/ });
});

test('keys and values: sorted by key', () => {
  assert.equal(call('keys', [{ b: 1, a: 2, c: 3 }]), ['a', 'b', 'c']);
  assert.equal(call('values', [{ b: 1, a: 2, c: 3 }]), [2, 1, 3]);
  assert.equal(call('keys', [{}]), []);
  fails('keys', [[1]], { argIndex: 0, message: /must be a map or object, got list/ });
  fails('values', ['x'], { argIndex: 0, message: /must be a map or object, got string/ });
});

test('merge: shallow, later arguments win', () => {
  assert.equal(call('merge', [{ a: 1, b: { x: 1 } }, { b: { y: 2 } }, { c: 3 }]), { a: 1, b: { y: 2 }, c: 3 });
  const input = { a: 1 };
  call('merge', [input, { a: 2 }]);
  assert.equal(input, { a: 1 }, 'inputs are not mutated');
  fails('merge', [{ a: 1 }, [1]], { argIndex: 1, message: /argument 2 must be a map or object, got list/ });
  fails('merge', [], { kind: 'arity', message: /at least 1 argument/ });
});

test('contains: deep equality', () => {
  assert.is(call('contains', [['wan', 'san'], 'san']), true);
  assert.is(call('contains', [['wan', 'san'], 'lan']), false);
  assert.is(call('contains', [[{ a: [1] }], { a: [1] }]), true);
  assert.is(call('contains', [[1], '1']), false);
  fails('contains', ['wan', 'w'], { argIndex: 0, message: /must be a list/ });
});

test('lookup: value, default, or an error naming the keys', () => {
  assert.is(call('lookup', [{ a: 1 }, 'a']), 1);
  assert.is(call('lookup', [{ a: 1 }, 'b', 0]), 0);
  assert.is(call('lookup', [{ a: null }, 'a', 5]), null, 'a present null is returned, not the default');
  fails('lookup', [{ a: 1, c: 2 }, 'b'], { argIndex: 1, message: /no key "b" \(the map has "a", "c"\)/ });
  fails('lookup', [{}, 'b'], { argIndex: 1, message: /no keys/ });
  fails('lookup', [[1], 'a'], { argIndex: 0, message: /map or object/ });
  fails('lookup', [{}, 1], { argIndex: 1, message: /must be a string/ });
  fails('lookup', [{}], { kind: 'arity', message: /expects 2 to 3 arguments, got 1/ });
});

test('distinct keeps the first occurrence', () => {
  assert.equal(call('distinct', [['a', 'b', 'a', 'c', 'b']]), ['a', 'b', 'c']);
  assert.equal(call('distinct', [[[1], [1], [2]]]), [[1], [2]]);
  fails('distinct', ['abc'], { argIndex: 0, message: /must be a list/ });
});

test('sort: numbers ascending, strings by code unit', () => {
  assert.equal(call('sort', [[10, 2, 33, 1]]), [1, 2, 10, 33]);
  assert.equal(call('sort', [['b', 'B', 'a']]), ['B', 'a', 'b']);
  assert.equal(call('sort', [[]]), []);
  const input = [3, 1];
  call('sort', [input]);
  assert.equal(input, [3, 1], 'input is not mutated');
  fails('sort', [[1, 'a']], { argIndex: 0, message: /only strings or only numbers/ });
  fails('sort', [[[1]]], { argIndex: 0, message: /only strings or only numbers/ });
});

test('reverse', () => {
  assert.equal(call('reverse', [[1, 2, 3]]), [3, 2, 1]);
  fails('reverse', [{}], { argIndex: 0, message: /must be a list/ });
});

test('coalesce: first neither null nor empty', () => {
  assert.is(call('coalesce', [null, '', 'fallback', 'later']), 'fallback');
  assert.is(call('coalesce', [0, 1]), 0);
  assert.is(call('coalesce', [false]), false);
  fails('coalesce', [null, ''], { message: /every argument is null or an empty string/ });
  fails('coalesce', [], { kind: 'arity', message: /at least 1 argument/ });
});

test.run();
