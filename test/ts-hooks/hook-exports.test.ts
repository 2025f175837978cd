import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTsHookChecker } from '../../compiler/ts-hooks/index.ts';
import { T } from '../../stdlib/index.ts';
import { EXPORT_SPAN, PATH_SPAN, hookDir, summary } from './hook-fixture.ts';

const test = suite('ts-hooks: finding the hook');
const hooks = hookDir();
const checker = createTsHookChecker({ cache: false });
const args = T.object({ host: T.string });

hooks.write('types.ts', 'export type Target = { host: string };\n');
hooks.write(
  'hooks.ts',
  `import type { Hook, HookContext } from 'metal-blueprint/hooks';
import type { Target } from './types.js';
export async function register(args: Target, ctx: HookContext): Promise<void> {}
export async function argsOnly(args: Target): Promise<string> { return args.host; }
export async function noParams(): Promise<void> {}
export async function tooMany(args: Target, ctx: HookContext, extra: number): Promise<void> {}
export async function badContext(args: Target, ctx: number): Promise<void> {}
export const arrow: Hook<Target> = async (args, ctx) => {};
export default async function (args: Target, ctx: HookContext): Promise<void> {}
export const retries = 3;
export interface Options { host: string }
export { register as registerAlias };
export { helper } from './helper.ts';
export async function overloaded(args: { id: number }): Promise<void>;
export async function overloaded(args: { name: string }): Promise<void>;
export async function overloaded(args: { id: number } | { name: string }): Promise<void> {}
`,
);
hooks.write('helper.ts', 'export async function helper(args: { host: number }): Promise<void> {}\n');

const run = (exportName: string, argsType = args, hook = 'hooks.ts') => checker.check(hooks.request(hook, exportName, argsType));

test('a missing module is reported on the path, relative to the blueprint', async () => {
  const diagnostics = await run('register', args, 'nope/dns.ts');
  assert.equal(summary(diagnostics), ['MBP2090 cannot read the TypeScript hook module "./nope/dns.ts": no such file or directory']);
  assert.equal(diagnostics[0]?.range, PATH_SPAN);
});

test('a directory is not a module', async () => {
  hooks.write('dir/keep.ts', '');
  assert.equal(summary(await run('register', args, 'dir')), ['MBP2090 cannot read the TypeScript hook module "./dir": it is a directory']);
});

test('a missing export suggests the closest exported value, with a fix replacing the string', async () => {
  const diagnostics = await run('regster');
  assert.equal(summary(diagnostics), ['MBP2091 "./hooks.ts" has no export named "regster"']);
  const d = diagnostics[0];
  assert.equal(d?.range, EXPORT_SPAN);
  assert.match(d?.help ?? '', /^did you mean "register"\?/);
  assert.not.match(d?.help ?? '', /"Options"/, 'types are not offered as hooks');
  assert.equal(d?.fixes[0]?.edits[0], { file: hooks.request('hooks.ts', 'x', args).file, range: EXPORT_SPAN, text: '"register"' });
});

test('a missing export with no close name lists the exports and offers no fix', async () => {
  const [d] = await run('zzzzzzzz');
  assert.is(d?.code, 'MBP2091');
  assert.match(d?.help ?? '', /its exports are .*"argsOnly".*"register"/);
  assert.equal(d?.fixes, []);
});

test('an export that is not a function says what it is', async () => {
  assert.equal(summary(await run('retries')), [
    'MBP2092 export "retries" of "./hooks.ts" is not a function: it is a value of TypeScript type number',
  ]);
  assert.equal(summary(await run('Options')), ['MBP2092 export "Options" of "./hooks.ts" is not a function: it is a type, not a value']);
});

test('hooks are found however they are exported, and checked through imported types', async () => {
  for (const name of ['register', 'argsOnly', 'arrow', 'default', 'registerAlias']) {
    assert.equal(summary(await run(name)), [], name);
    const wrong = await run(name, T.object({ host: T.int }));
    assert.equal(summary(wrong), ['MBP2093 argument "host" is int (TypeScript number) but the hook expects string'], name);
  }
  assert.equal(summary(await run('helper', T.object({ host: T.int }))), [], 're-exported from another file');
});

test('overloads: one that fits is enough; when none does, TypeScript\'s own words are the help', async () => {
  assert.equal(summary(await run('overloaded', T.object({ name: T.string }))), []);
  const diagnostics = await run('overloaded', T.object({ name: T.int }));
  assert.equal(diagnostics.map((d) => d.code), ['MBP2096']);
  assert.match(diagnostics[0]?.message ?? '', /^the arguments are object\(\{ name = int \}\) \(TypeScript \{ name: number \}\) but the hook expects a parameter of /);
  assert.match(diagnostics[0]?.help ?? '', /^TypeScript says: /);
});

test('a hook must be callable as (args, ctx)', async () => {
  const [many] = await run('tooMany');
  assert.is(many?.message, 'hook "tooMany" cannot be called as (args, ctx): it requires 3 parameters');
  assert.equal(many?.range, EXPORT_SPAN);
  const [ctx] = await run('badContext');
  assert.is(ctx?.message, 'hook "badContext" cannot be called as (args, ctx): its second parameter does not accept HookContext (it is number)');
});

test('a hook without parameters warns when given arguments, and is fine without', async () => {
  const diagnostics = await run('noParams');
  assert.equal(summary(diagnostics), ['MBP2098 hook "noParams" takes no parameters, so the arguments given here are ignored']);
  assert.is(diagnostics[0]?.severity, 'warning');
  assert.equal(summary(await run('noParams', T.object({}))), []);
});

test('an edit to the hook between two checks of one checker is seen', async () => {
  hooks.write('live.ts', 'export async function go(args: { n: number }): Promise<void> {}\n');
  assert.equal(summary(await run('go', T.object({ n: T.int }), 'live.ts')), []);
  hooks.write('live.ts', 'export async function go(args: { n: string }): Promise<void> {}\n');
  assert.equal(summary(await run('go', T.object({ n: T.int }), 'live.ts')), [
    'MBP2093 argument "n" is int (TypeScript number) but the hook expects string',
  ]);
});

test.after(() => hooks.cleanup());
test.run();
