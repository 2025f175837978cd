import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RANGE_LIMIT } from '../../stdlib/index.ts';
import { call, fails } from './call-helpers.ts';

test('min and max: variadic or lists', () => {
  assert.is(call('min', [30_000, 120_000, 45_000]), 30_000);
  assert.is(call('max', [[3, 9, 4]]), 9);
  assert.is(call('max', [[3], 11, [2, 7]]), 11);
  assert.is(call('min', [-5]), -5);
});

test('min and max: errors', () => {
  fails('min', ['1'], { argIndex: 0, message: /number or a list of numbers, found string "1"/ });
  fails('max', [[1, 'x']], { argIndex: 0, message: /found string "x"/ });
  fails('max', [[]], { message: /at least one number/ });
  fails('min', [], { kind: 'arity', message: /at least 1 argument/ });
});

test('range: Terraform forms', () => {
  assert.equal(call('range', [3]), [0, 1, 2]);
  assert.equal(call('range', [1, 4]), [1, 2, 3]);
  assert.equal(call('range', [1, 10, 3]), [1, 4, 7]);
  assert.equal(call('range', [5, 1]), [5, 4, 3, 2]);
  assert.equal(call('range', [10, 0, -4]), [10, 6, 2]);
  assert.equal(call('range', [0]), []);
  assert.equal(call('range', [2, 2]), []);
  assert.is((call('range', [RANGE_LIMIT]) as number[]).length, RANGE_LIMIT);
});

test('range: errors', () => {
  fails('range', [0, 5, 0], { argIndex: 2, message: /step must not be 0/ });
  fails('range', [0, 5, -1], { argIndex: 2, message: /never goes from 0 to 5/ });
  fails('range', [RANGE_LIMIT + 1], { message: /would produce 65537 numbers/ });
  fails('range', [1.5], { argIndex: 0, message: /whole number/ });
  fails('range', [1, 2, 3, 4], { kind: 'arity', message: /expects 1 to 3 arguments, got 4/ });
});

test('tostring: as interpolation writes it', () => {
  assert.is(call('tostring', [42]), '42');
  assert.is(call('tostring', [-7]), '-7');
  assert.is(call('tostring', [true]), 'true');
  assert.is(call('tostring', ['x']), 'x');
  fails('tostring', [[1]], { argIndex: 0, message: /got list \(use json/ });
  fails('tostring', [null], { argIndex: 0, message: /got null/ });
});

test('tonumber: decimal whole numbers only', () => {
  assert.is(call('tonumber', ['42']), 42);
  assert.is(call('tonumber', [' -3 ']), -3);
  assert.is(call('tonumber', ['+8']), 8);
  assert.is(call('tonumber', [17]), 17);
  fails('tonumber', ['1.5'], { argIndex: 0, message: /"1.5" is not a whole number/ });
  fails('tonumber', ['0x10'], { argIndex: 0, message: /not a whole number/ });
  fails('tonumber', [''], { argIndex: 0, message: /not a whole number/ });
  fails('tonumber', ['99999999999999999999'], { argIndex: 0, message: /not a whole number/ });
  fails('tonumber', [true], { argIndex: 0, message: /got bool true/ });
});

test.run();
