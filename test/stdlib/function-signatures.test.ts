import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCall, FUNCTION_LIST, FUNCTIONS, lookupFunction, signatureText, T, typeToString, type Type } from '../../stdlib/index.ts';

const fn = (name: string) => {
  const f = lookupFunction(name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
};
const typeOf = (name: string, args: Type[]) => {
  const r = checkCall(fn(name), args);
  assert.equal(r.problems, [], `${name}: ${r.problems.map((p) => p.message).join('; ')}`);
  return typeToString(r.type);
};
const problem = (name: string, args: Type[]) => {
  const r = checkCall(fn(name), args);
  assert.is(r.type.kind, 'error');
  assert.ok(r.problems.length > 0, `${name} should report a problem`);
  return r.problems[0]!;
};

test('the table holds every function the design names, each documented', () => {
  const required = ['file', 'render', 'json', 'cidrsubnet', 'cidrhost', 'length', 'concat', 'format', 'join', 'split', 'lower', 'upper',
    'replace', 'keys', 'values', 'merge', 'contains', 'range', 'min', 'max', 'tostring', 'tonumber', 'sha256', 'base64encode', 'base64decode'];
  for (const name of required) assert.ok(FUNCTIONS[name], `missing ${name}`);
  const names = FUNCTION_LIST.map((f) => f.name);
  assert.is(new Set(names).size, names.length, 'names are unique');
  assert.equal(Object.keys(FUNCTIONS), names);
  for (const f of FUNCTION_LIST) {
    assert.ok(f.doc.length >= 30, `${f.name} has a real doc paragraph`);
    assert.ok(f.example.startsWith(`${f.name}(`) && f.example.includes('→'), `${f.name} example shows a call and its result`);
    for (const p of [...f.params, ...(f.variadic ? [f.variadic] : [])]) assert.ok(p.doc.length > 0, `${f.name}.${p.name} documented`);
    assert.is(typeof f.pure, 'boolean');
  }
  assert.ok(fn('file').readsFiles && fn('file').pure, 'file is usable at compile time through the reader');
});

test('signatures read like the docs', () => {
  assert.is(signatureText(fn('concat')), 'concat(lists: list(T)...) → list(T)');
  assert.is(signatureText(fn('cidrhost')), 'cidrhost(prefix: cidr, hostnum: int) → ip');
  assert.is(signatureText(fn('lookup')), 'lookup(map: map(T), key: string, default?: T) → T');
});

test('plain signatures: arity and assignability', () => {
  assert.is(typeOf('cidrsubnet', [T.cidr, T.int, T.int]), 'cidr');
  assert.is(typeOf('upper', [T.any]), 'string');
  assert.match(problem('cidrsubnet', [T.string, T.int, T.int]).message, /argument 1 of cidrsubnet \(prefix\) must be cidr, got string/);
  assert.is(problem('cidrsubnet', [T.string, T.int, T.int]).argIndex, 0);
  assert.match(problem('upper', []).message, /upper expects 1 argument, got 0/);
  assert.match(problem('range', [T.int, T.int, T.int, T.int]).message, /1 to 3 arguments/);
});

test('generic rules: concat unifies element types', () => {
  assert.is(typeOf('concat', [T.list(T.int), T.list(T.any), T.list(T.int)]), 'list(int)');
  const p = problem('concat', [T.list(T.int), T.list(T.string)]);
  assert.is(p.argIndex, 1);
  assert.match(p.message, /argument 2 is list\(string\)/);
});

test('generic rules: maps and objects', () => {
  const obj = T.object({ a: T.int, b: T.string });
  assert.is(typeOf('keys', [obj]), 'list(string)');
  assert.is(typeOf('values', [T.map(T.ip)]), 'list(ip)');
  assert.is(typeOf('values', [obj]), 'list(any)');
  assert.is(typeOf('merge', [obj, T.object({ c: T.bool })]), 'object({ a = int, b = string, c = bool })');
  assert.is(typeOf('merge', [T.map(T.int), T.map(T.int)]), 'map(int)');
  assert.is(typeOf('lookup', [T.map(T.int), T.string, T.int]), 'int');
  assert.match(problem('lookup', [T.map(T.int), T.string, T.string]).message, /argument 3 must be int/);
  assert.match(problem('keys', [T.list(T.string)]).message, /keys: argument 1 must be a map or object/);
  assert.match(problem('render', [T.string, T.int]).message, /render: argument 2 must be a map or object/);
});

test('generic rules: length, contains, sort, flatten, coalesce', () => {
  assert.is(typeOf('length', [T.string]), 'int');
  assert.is(typeOf('length', [T.list(T.int)]), 'int');
  assert.match(problem('length', [T.int]).message, /a string, list, map or object/);
  assert.is(typeOf('contains', [T.list(T.string), T.string]), 'bool');
  assert.match(problem('contains', [T.list(T.string), T.int]).message, /a value of type int can never be in a list\(string\)/);
  assert.is(typeOf('sort', [T.list(T.string)]), 'list(string)');
  assert.match(problem('sort', [T.list(T.bool)]).message, /list of strings or numbers/);
  assert.is(typeOf('flatten', [T.list(T.list(T.list(T.ip)))]), 'list(ip)');
  assert.is(typeOf('coalesce', [T.null, T.string]), 'string');
  assert.match(problem('coalesce', [T.string, T.int]).message, /argument 2/);
});

test('generic rules: min/max keep the numeric kind', () => {
  assert.is(typeOf('min', [T.duration, T.duration]), 'duration');
  assert.is(typeOf('max', [T.list(T.size)]), 'size');
  assert.is(typeOf('max', [T.int, T.list(T.int)]), 'int');
  assert.match(problem('min', [T.duration, T.int]).message, /cannot compare int with duration values/);
  assert.match(problem('max', [T.string]).message, /int, duration or size/);
});

test('conversion rules', () => {
  assert.is(typeOf('tostring', [T.ip]), 'string');
  assert.match(problem('tostring', [T.list(T.int)]).message, /a scalar/);
  assert.is(typeOf('tonumber', [T.string]), 'int');
  assert.match(problem('tonumber', [T.bool]).message, /a string or int/);
});

test.run();
