import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTsHookChecker, pathKey, tsTypeText } from '../../compiler/ts-hooks/index.ts';
import { INSTANCE_FIELDS, T } from '../../stdlib/index.ts';
import { hookDir, summary } from './hook-fixture.ts';

const test = suite('ts-hooks: language types as TypeScript types');

test('scalars map as DESIGN.md says: durations in ms and sizes in bytes are numbers', () => {
  const cases: [Parameters<typeof tsTypeText>[0], string][] = [
    [T.string, 'string'],
    [T.ip, 'string'],
    [T.cidr, 'string'],
    [T.int, 'number'],
    [T.duration, 'number'],
    [T.size, 'number'],
    [T.bool, 'boolean'],
    [T.null, 'null'],
    [T.instance, 'Instance'],
    [T.instanceArray, 'Instance[]'],
    [T.any, 'any'],
    [T.error, 'any'],
  ];
  for (const [type, text] of cases) assert.is(tsTypeText(type), text, type.kind);
});

test('lists, maps and objects map to arrays, Record and object types', () => {
  assert.is(tsTypeText(T.list(T.int)), 'number[]');
  assert.is(tsTypeText(T.list(T.list(T.string))), 'string[][]');
  assert.is(tsTypeText(T.list(T.object({ a: T.int }))), 'Array<{ a: number }>');
  assert.is(tsTypeText(T.map(T.bool)), 'Record<string, boolean>');
  assert.is(tsTypeText(T.map(T.any)), 'any', 'a map of unknown values says nothing about its keys');
  assert.is(
    tsTypeText(T.object({ name: T.string, 'dash-key': T.size, opt: T.optional(T.ip) })),
    '{ name: string; "dash-key": number; opt?: string }',
  );
  assert.is(tsTypeText(T.object({})), '{}');
});

test('constants give literal types, only where the kind matches', () => {
  const type = T.object({ mode: T.string, n: T.int, on: T.bool, s: T.string });
  assert.is(
    tsTypeText(type, [], { mode: 'fast', n: 3, on: true, s: 4 }),
    '{ mode: "fast"; n: 3; on: true; s: string }',
  );
  assert.is(tsTypeText(T.object({ o: T.object({ k: T.string }) }), [], { 'o.k': 'x' }), '{ o: { k: "x" } }');
});

test('network and subnet have no TypeScript form and are collected', () => {
  const unsupported: { path: readonly string[]; kind: string }[] = [];
  assert.is(tsTypeText(T.object({ net: T.network, subs: T.list(T.subnet) }), [], {}, unsupported), '{ net: any; subs: any[] }');
  assert.equal(unsupported.map((u) => `${pathKey(u.path)}:${u.kind}`), ['net:network', 'subs[]:subnet']);
});

test('the hooks API Instance and the language instance agree in both directions', async () => {
  const hooks = hookDir();
  try {
    const checker = createTsHookChecker({ cache: false });
    const mapped = tsTypeText(T.object(INSTANCE_FIELDS));
    hooks.write(
      'agree.ts',
      `import type { Instance } from 'metal-blueprint/hooks';
export async function takesInstance(args: { node: Instance }): Promise<void> {}
export async function takesMapped(args: { node: ${mapped} }): Promise<void> {}
`,
    );
    // The language's fields, as a literal, into Instance: a field missing or extra on either side fails.
    const intoApi = await checker.check(hooks.request('agree.ts', 'takesInstance', T.object({ node: T.object(INSTANCE_FIELDS) })));
    assert.equal(summary(intoApi), []);
    const intoLanguage = await checker.check(hooks.request('agree.ts', 'takesMapped', T.object({ node: T.instance })));
    assert.equal(summary(intoLanguage), []);
    // The comparison can fail: a field the API lacks is caught.
    const extra = await checker.check(
      hooks.request('agree.ts', 'takesInstance', T.object({ node: T.object({ ...INSTANCE_FIELDS, rack: T.string }) })),
    );
    assert.equal(extra.map((d) => d.code), ['MBP2095']);
  } finally {
    hooks.cleanup();
  }
});

test.run();
