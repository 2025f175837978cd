import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTsHookChecker } from '../../compiler/ts-hooks/index.ts';
import { T } from '../../stdlib/index.ts';
import { ARGS_SPAN, hookDir, summary } from './hook-fixture.ts';

const test = suite('ts-hooks: arguments against the parameter type');
const hooks = hookDir();
const checker = createTsHookChecker({ cache: false });

hooks.write(
  'hooks/dns.ts',
  `import type { HookContext, Instance } from 'metal-blueprint/hooks';
export interface Args {
  name: string;
  count: number;
  labels: string[];
  mode?: 'fast' | 'slow';
  port?: string | number;
  server: { id: string; serial: string };
}
export async function register(args: Args, ctx: HookContext): Promise<string> {
  ctx.logger.info(args.name);
  return args.name;
}
export async function greet(args: { node: Instance; tags: Record<string, string>; after: number }, ctx: HookContext): Promise<void> {}
`,
);

const valid = {
  name: T.string,
  count: T.int,
  labels: T.list(T.string),
  server: T.object({ id: T.string, serial: T.string }),
};

const check = (fields: Parameters<typeof T.object>[0], extra = {}) =>
  checker.check(hooks.request('hooks/dns.ts', 'register', T.object(fields), extra));

test('arguments that fit give no diagnostic', async () => {
  assert.equal(summary(await check(valid)), []);
});

test('a wrong scalar names the field, its language type, the TypeScript type and the expected type', async () => {
  const diagnostics = await check({ ...valid, count: T.string, name: T.int });
  assert.equal(summary(diagnostics).sort(), [
    'MBP2093 argument "count" is string (TypeScript string) but the hook expects number',
    'MBP2093 argument "name" is int (TypeScript number) but the hook expects string',
  ]);
  assert.ok(diagnostics.every((d) => d.severity === 'error'));
});

test('durations and sizes are numbers: a duration passed where a string is expected says so', async () => {
  const [d] = await check({ ...valid, name: T.duration });
  assert.is(d?.message, 'argument "name" is duration (TypeScript number) but the hook expects string');
});

test('a missing property shows the parameter type spelled out', async () => {
  const { labels: _labels, ...rest } = valid;
  const diagnostics = await check(rest);
  assert.equal(summary(diagnostics), [
    'MBP2094 property "labels" is missing: the hook\'s parameter type is { name: string; count: number; labels: string[]; mode?: "fast" | "slow"; port?: string | number; server: { id: string; serial: string } }',
  ]);
  assert.equal(diagnostics[0]?.range, ARGS_SPAN, 'a missing property points at the whole arguments');
  const related = diagnostics[0]?.related[0];
  assert.ok(related?.file.endsWith('dns.ts'), 'related information points into the hook');
});

test('a property missing in a nested object names its path and the nested type', async () => {
  const diagnostics = await check({ ...valid, server: T.object({ id: T.string }) }, { fieldSpans: { server: { start: 60, end: 70 } } });
  assert.equal(summary(diagnostics), [
    'MBP2094 property "server.serial" is missing: the hook\'s type for "server" is { id: string; serial: string }',
  ]);
  assert.equal(diagnostics[0]?.range, { start: 60, end: 70 });
});

test('an extra property is an error, as in a TypeScript object literal, with a did-you-mean', async () => {
  const { labels: _labels, ...rest } = valid;
  const diagnostics = (await check({ ...rest, lables: T.list(T.string) }, { fieldSpans: { lables: { start: 50, end: 56 } } })).filter(
    (d) => d.code !== 'MBP2094',
  );
  assert.equal(summary(diagnostics), [
    'MBP2095 argument "lables" is not a property of the hook\'s parameter type { name: string; count: number; labels: string[]; mode?: "fast" | "slow"; port?: string | number; server: { id: string; serial: string } }',
  ]);
  assert.equal(diagnostics[0]?.range, { start: 50, end: 56 }, 'points at the field');
  assert.is(diagnostics[0]?.help, 'did you mean "labels"?');
});

test('an extra property alone fails too', async () => {
  const diagnostics = await check({ ...valid, ttl: T.int });
  assert.equal(diagnostics.map((d) => d.code), ['MBP2095']);
  assert.match(diagnostics[0]?.message ?? '', /^argument "ttl" is not a property of/);
});

test('an optional property may be absent, or present with the right type', async () => {
  assert.equal(summary(await check(valid)), []);
  assert.equal(summary(await check({ ...valid, port: T.int })), []);
  assert.equal(summary(await check({ ...valid, port: T.string })), []);
  assert.equal(summary(await check({ ...valid, mode: T.string }, { constants: { mode: 'slow' } })), []);
});

test('an optional property present with the wrong type shows the union without undefined', async () => {
  assert.equal(summary(await check({ ...valid, port: T.bool })), [
    'MBP2093 argument "port" is bool (TypeScript boolean) but the hook expects string | number',
  ]);
});

test('a string-literal union rejects a string of unknown value, and a known value outside it', async () => {
  assert.equal(summary(await check({ ...valid, mode: T.string })), [
    'MBP2093 argument "mode" is string (TypeScript string) but the hook expects "fast" | "slow"',
  ]);
  assert.equal(summary(await check({ ...valid, mode: T.string }, { constants: { mode: 'quick' } })), [
    'MBP2093 argument "mode" is string (TypeScript "quick") but the hook expects "fast" | "slow"',
  ]);
});

test('a list element of the wrong type is reported on the list', async () => {
  assert.equal(summary(await check({ ...valid, labels: T.list(T.int) })), [
    'MBP2093 argument "labels" is list(int) (TypeScript number[]) but the hook expects string[]',
  ]);
});

test('instance maps to the hooks API Instance; map to Record; a wrong instance field is explained', async () => {
  const greet = (fields: Parameters<typeof T.object>[0]) =>
    checker.check(hooks.request('hooks/dns.ts', 'greet', T.object(fields)));
  assert.equal(summary(await greet({ node: T.instance, tags: T.map(T.string), after: T.duration })), []);
  assert.equal(summary(await greet({ node: T.string, tags: T.map(T.int), after: T.size })), [
    'MBP2093 argument "node" is string (TypeScript string) but the hook expects Instance',
    'MBP2093 argument "tags" is map(int) (TypeScript Record<string, number>) but the hook expects Record<string, string>',
  ]);
});

test('arguments that are not an object at all are one diagnostic on the whole expression', async () => {
  const diagnostics = await checker.check(hooks.request('hooks/dns.ts', 'register', T.list(T.string)));
  assert.equal(diagnostics.map((d) => d.code), ['MBP2096']);
  assert.match(diagnostics[0]?.message ?? '', /^the arguments are list\(string\) \(TypeScript string\[\]\) but the hook expects \{ name: string;/);
});

test('arguments of unknown type (any, error, map(any)) are not second-guessed', async () => {
  for (const argsType of [T.any, T.error, T.map(T.any)]) {
    assert.equal(summary(await checker.check(hooks.request('hooks/dns.ts', 'register', argsType))), []);
  }
});

test('a network or subnet value has no TypeScript form', async () => {
  const diagnostics = await check({ ...valid, name: T.subnet });
  assert.equal(summary(diagnostics), [
    'MBP2099 argument "name" is a subnet, which has no TypeScript form and cannot be passed to a hook',
  ]);
});

test.after(() => hooks.cleanup());
test.run();
