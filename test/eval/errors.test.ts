import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Ir } from '../../compiler/plan/index.ts';
import { evaluate, EvalError, type EvalEnv, type EvalErrorKind } from '../../runtime/eval/index.ts';

const env: EvalEnv = {
  roots: { instance: { index: 0, hostname: 'wk-0', vars: {} } },
  stepOutputs: (id) => (id === 'a/s' ? { out: 1 } : undefined),
};

function fails(ir: unknown, kind: EvalErrorKind, pattern: RegExp, e: EvalEnv = env): void {
  try {
    evaluate(ir as Ir, e);
  } catch (error) {
    assert.instance(error, EvalError);
    assert.is((error as EvalError).kind, kind, (error as Error).message);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected ${kind} for ${JSON.stringify(ir)}`);
}

test('a root the environment lacks names the root and where it exists', () => {
  fails({ ref: ['each', 'value'] }, 'missing-ref', /`each` is not available here: only a step with `for_each` has `each`/);
  fails({ ref: ['deployment', 'added'] }, 'missing-ref', /only hooks have `deployment`/);
  fails({ ref: ['array', 'web', 'instances'] }, 'missing-ref', /`web` is not available here/);
});

test('a missing field names the path and the fields there are', () => {
  fails({ ref: ['instance', 'ipv9'] }, 'missing-ref', /`instance\.ipv9` is not known: `instance` has no field `ipv9` \(its fields are hostname, index, vars\)/);
  fails({ ref: ['instance', 'hostname', 'x'] }, 'type', /cannot read `x` of `instance\.hostname`: it is string "wk-0", not an object/);
});

test('a local variable outside its `for`', () => {
  fails({ ref: ['local', 'n'] }, 'missing-ref', /`n` is not a variable of an enclosing `for`/);
});

test('step and hook outputs that are not known yet', () => {
  fails({ step_output: ['a/t', 'out'] }, 'missing-output', /outputs of step a\/t are not known: it has not run yet, or it failed/);
  fails({ step_output: ['a/s', 'nope'] }, 'missing-output', /step a\/s has no output `nope` \(its fields are out\)/);
  fails({ hook_output: ['a/pre_deploy/h', 'x'] }, 'missing-output', /outputs of hook a\/pre_deploy\/h are not known/);
});

test('a secret without a value says how to give one', () => {
  fails({ secret: 'join_token' }, 'missing-secret', /secret `join_token` has no value: set MBP_SECRET_JOIN_TOKEN/);
  fails({ secret: 'join_token' }, 'missing-secret', /has no value/, { ...env, secret: () => undefined });
});

test('shapes, indexes and arithmetic', () => {
  fails({ op: '+', args: [{ lit: 'a' }, { lit: 1 }] }, 'type', /left operand of `\+` must be a number, got string "a"/);
  fails({ op: '/', args: [{ lit: 1 }, { lit: 0 }] }, 'arithmetic', /division by zero/);
  fails({ op: '*', args: [{ lit: 2 ** 52 }, { lit: 4 }] }, 'arithmetic', /too large/);
  fails({ index: [{ lit: [1, 2] }, { lit: 2 }] }, 'index', /index 2 is out of range: the list has 2 elements/);
  fails({ index: [{ lit: { a: 1 } }, { lit: 'b' }] }, 'index', /key "b" is not there/);
  fails({ index: [{ lit: 'abc' }, { lit: 0 }] }, 'type', /cannot be indexed/);
  fails({ interpolate: ['x', { lit: [1] }] }, 'type', /has no text form/);
  fails({ cond: [{ lit: 1 }, { lit: 2 }, { lit: 3 }] }, 'type', /condition of `\? :` must be a bool/);
  fails({ for: { value: 'n', in: { lit: 3 }, do: { lit: 1 } } }, 'type', /goes over a list or a map/);
});

test('a stdlib function refusing its arguments', () => {
  fails({ call: 'cidrhost', args: [{ lit: 'nope' }, { lit: 1 }] }, 'function', /cidrhost/);
  fails({ call: 'file', args: [{ lit: './x' }] }, 'function', /reading files is not available/);
});

test('a damaged plan: unknown node kinds and malformed nodes are clear errors', () => {
  fails({ bogus: 1 }, 'invalid-ir', /unknown node kind `bogus`/);
  fails(null, 'invalid-ir', /expected a node/);
  fails({ call: 'no_such_fn', args: [] }, 'invalid-ir', /`no_such_fn` is not a stdlib function/);
  fails({ op: '+', args: [{ lit: 1 }] }, 'invalid-ir', /is not an operator/);
  fails({ index: [{ lit: [] }] }, 'invalid-ir', /\[object, key\]/);
});

test.run();
