import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Ir } from '../../compiler/plan/index.ts';
import { evaluate, maskSecrets, type EvalEnv } from '../../runtime/eval/index.ts';
import type { ValueObject } from '../../stdlib/index.ts';

const env: EvalEnv = {
  roots: { instance: { hostname: 'wk-0' } },
  secret: (name) => ({ token: 'tok-123', pass: 'hunter2' })[name],
  stepOutputs: (id): ValueObject | undefined => (id === 'a/login' ? { session: 'abc' } : id === 'a/plain' ? { text: 'hi' } : undefined),
  secretOutputs: new Set(['a/login']),
};

const token: Ir = { secret: 'token' };

test('a secret is secret, and a plain value is not', () => {
  const s = evaluate(token, env);
  assert.is(s.value, 'tok-123');
  assert.is(s.secret, true);
  assert.equal(s.secrets, ['token']);
  const p = evaluate({ ref: ['instance', 'hostname'] }, env);
  assert.is(p.secret, false);
  assert.equal(p.secrets, []);
});

test('interpolation taints the whole string', () => {
  const r = evaluate({ interpolate: ['Bearer ', token] }, env);
  assert.is(r.value, 'Bearer tok-123');
  assert.is(r.secret, true);
  assert.equal(r.secrets, ['token']);
});

test('function calls taint their result, and every secret that went in is named', () => {
  const r = evaluate({ call: 'base64encode', args: [{ interpolate: [token, ':', { secret: 'pass' }] }] }, env);
  assert.is(r.value, Buffer.from('tok-123:hunter2').toString('base64'));
  assert.is(r.secret, true);
  assert.equal(r.secrets, ['pass', 'token']);
  // A function that drops the secret's text still returns a value built from it.
  const len = evaluate({ call: 'length', args: [token] }, env);
  assert.is(len.value, 7);
  assert.is(len.secret, true);
});

test('lists, objects, indexing, operators and for-expressions carry the taint', () => {
  const cases: Ir[] = [
    { list: [{ lit: 'a' }, token] },
    { object: [['auth', token]] },
    { index: [{ object: [['t', token]] }, { lit: 't' }] },
    { op: '==', args: [token, { lit: 'x' }] },
    { for: { value: 'n', in: { lit: [1, 2] }, do: token } },
    { for: { value: 'n', in: { list: [token] }, do: { lit: 1 } } },
  ];
  for (const ir of cases) assert.is(evaluate(ir, env).secret, true, JSON.stringify(ir));
});

test('a condition built from a secret taints the branch it picks; an unpicked secret branch does not', () => {
  const picked = evaluate({ cond: [{ op: '==', args: [token, { lit: 'tok-123' }] }, { lit: 'yes' }, { lit: 'no' }] }, env);
  assert.equal([picked.value, picked.secret], ['yes', true]);
  const unpicked = evaluate({ cond: [{ lit: false }, token, { lit: 'plain' }] }, env);
  assert.equal([unpicked.value, unpicked.secret], ['plain', false]);
});

test('outputs of a step marked secret are secret, with no secret name', () => {
  const r = evaluate({ interpolate: ['s=', { step_output: ['a/login', 'session'] }] }, env);
  assert.equal([r.value, r.secret, r.secrets], ['s=abc', true, []]);
  assert.is(evaluate({ step_output: ['a/plain', 'text'] }, env).secret, false);
});

test('maskSecrets hides every occurrence, longest value first', () => {
  assert.is(maskSecrets('token tok-123 and tok-123x, pass hunter2', ['tok-123', 'hunter2']), 'token *** and ***x, pass ***');
  assert.is(maskSecrets('abcd', ['ab', 'abcd']), '***');
  assert.is(maskSecrets('nothing', ['', 'zzz']), 'nothing');
});

test.run();
