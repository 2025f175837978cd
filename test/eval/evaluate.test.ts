import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IR_KINDS, irKind, type Ir, type IrKind } from '../../compiler/plan/index.ts';
import { evaluate, evaluateAll, type EvalEnv } from '../../runtime/eval/index.ts';

const env: EvalEnv = {
  roots: {
    instance: { index: 2, hostname: 'wk-2', ipv4: '10.0.0.12', vars: { role: 'db' } },
    deployment: { added: [{ hostname: 'a' }, { hostname: 'b' }], removed: [] },
    each: { key: 'k', value: 'v' },
    array: { web: { name: 'web', count: 2, instances: [{ index: 0, ipv4: '10.0.0.1' }, { index: 1, ipv4: '10.0.0.2' }] } },
    subnet: { lan: { name: 'lan', cidr: '10.0.0.0/24' } },
  },
  stepOutputs: (id) => (id === 'x/api' ? { address: '10.0.0.9', port: 6443 } : undefined),
  hookOutputs: (id) => (id === 'x/pre_deploy/vips' ? { address: '10.0.0.10' } : undefined),
};

const value = (ir: Ir, e: EvalEnv = env) => evaluate(ir, e).value;

// One case per node kind; the last test checks that none is missing.
const CASES: Record<IrKind, { ir: Ir; expected: unknown }> = {
  lit: { ir: { lit: { a: [1, true, null] } }, expected: { a: [1, true, null] } },
  ref: { ir: { ref: ['instance', 'vars', 'role'] }, expected: 'db' },
  secret: { ir: { secret: 'token' }, expected: 's3cr3t' },
  call: { ir: { call: 'join', args: [{ lit: ',' }, { list: [{ lit: 'a' }, { ref: ['instance', 'hostname'] }] }] }, expected: 'a,wk-2' },
  interpolate: { ir: { interpolate: ['host ', { ref: ['instance', 'hostname'] }, ' #', { ref: ['instance', 'index'] }] }, expected: 'host wk-2 #2' },
  op: { ir: { op: '*', args: [{ ref: ['instance', 'index'] }, { lit: 10 }] }, expected: 20 },
  index: { ir: { index: [{ ref: ['array', 'web', 'instances'] }, { lit: -1 }] }, expected: { index: 1, ipv4: '10.0.0.2' } },
  cond: { ir: { cond: [{ op: '>', args: [{ ref: ['instance', 'index'] }, { lit: 1 }] }, { lit: 'big' }, { lit: 'small' }] }, expected: 'big' },
  list: { ir: { list: [{ lit: 1 }, { op: '-', args: [{ lit: 1 }] }] }, expected: [1, -1] },
  object: { ir: { object: [['b', { lit: 1 }], ['a', { ref: ['each', 'key'] }]] }, expected: { a: 'k', b: 1 } },
  for: {
    ir: {
      for: {
        key: 'i',
        value: 'n',
        in: { ref: ['array', 'web', 'instances'] },
        do: { interpolate: [{ ref: ['local', 'i'] }, '=', { ref: ['local', 'n', 'ipv4'] }] },
        if: { op: '>=', args: [{ ref: ['local', 'n', 'index'] }, { lit: 1 }] },
      },
    },
    expected: ['1=10.0.0.2'],
  },
  step_output: { ir: { step_output: ['x/api', 'address'] }, expected: '10.0.0.9' },
  hook_output: { ir: { hook_output: ['x/pre_deploy/vips', 'address'] }, expected: '10.0.0.10' },
};

for (const kind of IR_KINDS) {
  test(`evaluates a \`${kind}\` node`, () => {
    const c = CASES[kind];
    assert.is(irKind(c.ir), kind);
    assert.equal(value(c.ir, { ...env, secret: (n) => (n === 'token' ? 's3cr3t' : undefined) }), c.expected);
  });
}

test('every IR kind has a case above', () => {
  assert.equal(Object.keys(CASES).sort(), [...IR_KINDS].sort());
});

test('a `for` over a map binds keys in sorted order, whatever the order written', () => {
  const ir: Ir = {
    for: { key: 'k', value: 'v', in: { object: [['zeta', { lit: 1 }], ['alpha', { lit: 2 }]] }, do: { interpolate: [{ ref: ['local', 'k'] }, ':', { ref: ['local', 'v'] }] } },
  };
  assert.equal(value(ir), ['alpha:2', 'zeta:1']);
});

test('a whole step output object, and a `for` variable shadowing nothing outside it', () => {
  assert.equal(value({ step_output: ['x/api'] }), { address: '10.0.0.9', port: 6443 });
  const ir: Ir = { list: [{ for: { value: 'n', in: { lit: [1, 2] }, do: { ref: ['local', 'n'] } } }, { ref: ['instance', 'index'] }] };
  assert.equal(value(ir), [[1, 2], 2]);
});

test('arithmetic is on whole numbers: `/` truncates toward zero, `%` keeps the sign', () => {
  assert.is(value({ op: '/', args: [{ lit: 7 }, { lit: 2 }] }), 3);
  assert.is(value({ op: '/', args: [{ lit: -7 }, { lit: 2 }] }), -3);
  assert.is(value({ op: '%', args: [{ lit: -7 }, { lit: 3 }] }), -1);
});

test('equality is deep and ignores object key order', () => {
  assert.is(value({ op: '==', args: [{ lit: { a: [1], b: 2 } }, { object: [['b', { lit: 2 }], ['a', { list: [{ lit: 1 }] }]] }] }), true);
  assert.is(value({ op: '!=', args: [{ lit: [1, 2] }, { lit: [2, 1] }] }), true);
});

test('`&&`, `||` and `cond` evaluate only what decides the result', () => {
  // The right side would fail (no `each` root): it must not be evaluated.
  const missing: Ir = { ref: ['each', 'value'] };
  const bare: EvalEnv = {};
  assert.is(value({ op: '&&', args: [{ lit: false }, missing] }, bare), false);
  assert.is(value({ op: '||', args: [{ lit: true }, missing] }, bare), true);
  assert.is(value({ cond: [{ lit: true }, { lit: 1 }, missing] }, bare), 1);
});

test('evaluateAll evaluates each named value on its own', () => {
  const out = evaluateAll({ a: { lit: 1 }, b: { ref: ['instance', 'hostname'] } }, env);
  assert.equal(Object.keys(out), ['a', 'b']);
  assert.is(out.b?.value, 'wk-2');
});

test('stdlib functions run with the caller\'s file reader', () => {
  const files = { readText: (p: string) => (p === '/bp/motd.txt' ? 'hello ${who}' : (() => { throw Object.assign(new Error('x'), { code: 'ENOENT' }); })()) };
  const ir: Ir = { call: 'render', args: [{ call: 'file', args: [{ lit: './motd.txt' }] }, { object: [['who', { ref: ['instance', 'hostname'] }]] }] };
  assert.is(value(ir, { ...env, call: { baseDir: '/bp', files } }), 'hello wk-2');
});

test.run();
