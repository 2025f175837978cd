import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTsHookChecker, memoryCache, tsHookStats } from '../../compiler/ts-hooks/index.ts';
import { T } from '../../stdlib/index.ts';
import { checkInChild } from './check-in-child.ts';
import { hookDir, summary } from './hook-fixture.ts';

const test = suite('ts-hooks: lazy loading and the result cache');
const hooks = hookDir();
const cacheDir = path.join(hooks.dir, 'cache');

hooks.write('lib/types.ts', 'export interface Record2 { id: string }\nexport type Count = string;\n');
hooks.write('lib/index.ts', "export type { Count } from './types.ts';\n");
hooks.write(
  'hooks/count.ts',
  `import type { Count } from '../lib/index.js';
export async function count(args: { n: Count }): Promise<void> {}
`,
);
const request = hooks.request('hooks/count.ts', 'count', T.object({ n: T.int }), { fieldSpans: { n: { start: 50, end: 51 } } });
const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith('.json')) : []);

test('a blueprint without hooks, or whose hook is missing, never loads ts-morph', () => {
  const none = checkInChild({ cacheDir });
  assert.is(none.tsMorphLoaded, false, 'importing the checker loads nothing');
  assert.is(none.stats.tsMorphLoads, 0);
  const missing = checkInChild({ cacheDir, request: { ...request, hookPath: path.join(hooks.dir, 'nope.ts') } });
  assert.equal(summary(missing.diagnostics), ['MBP2090 cannot read the TypeScript hook module "./nope.ts": no such file or directory']);
  assert.is(missing.tsMorphLoaded, false);
  assert.equal(cacheFiles(), [], 'nothing cached for a missing module');
});

test('an unchanged hook is checked once: a second process reuses the result without loading ts-morph', async () => {
  const before = tsHookStats();
  const checker = createTsHookChecker({ cacheDir });
  const first = await checker.check(request);
  const after = tsHookStats();
  assert.equal(summary(first), ['MBP2093 argument "n" is int (TypeScript number) but the hook expects string']);
  assert.is(after.projectsCreated - before.projectsCreated, 1);
  assert.is(after.cacheMisses - before.cacheMisses, 1);
  assert.ok(after.tsMorphLoads === 1, 'loaded once in this process');
  assert.is(cacheFiles().length, 1);

  const second = checkInChild({ cacheDir, request });
  assert.equal(second.stats, { tsMorphLoads: 0, projectsCreated: 0, cacheHits: 1, cacheMisses: 0 });
  assert.is(second.tsMorphLoaded, false, 'no ts-morph code was loaded at all');
  assert.equal(second.diagnostics, first, 'the same diagnostics, related spans and all');
});

test('a cached result is placed at the spans of the current request', () => {
  const moved = checkInChild({ cacheDir, request: { ...request, fieldSpans: { n: { start: 150, end: 151 } } } });
  assert.is(moved.stats.cacheHits, 1);
  assert.equal(moved.diagnostics[0]?.range, { start: 150, end: 151 });
});

test('editing a type in a file the hook imports (two levels down, through a .js specifier) invalidates the cache', () => {
  hooks.write('lib/types.ts', 'export interface Record2 { id: string }\nexport type Count = number;\n');
  const edited = checkInChild({ cacheDir, request });
  assert.is(edited.stats.tsMorphLoads, 1);
  assert.is(edited.tsMorphLoaded, true, 'the child sees a real load, so its "not loaded" answers mean something');
  assert.is(edited.stats.cacheMisses, 1);
  assert.equal(edited.diagnostics, []);
  assert.is(cacheFiles().length, 2);
  const again = checkInChild({ cacheDir, request });
  assert.equal(again.stats, { tsMorphLoads: 0, projectsCreated: 0, cacheHits: 1, cacheMisses: 0 });
});

test('the key covers the export, the argument types and constants, and not unrelated files', async () => {
  const cache = memoryCache();
  const checker = createTsHookChecker({ cache });
  const misses = () => tsHookStats().cacheMisses;
  const start = misses();
  await checker.check(request);
  await checker.check(request);
  assert.is(misses() - start, 1, 'the second check is a hit');
  hooks.write('hooks/unrelated.ts', 'export const x = 1;\n');
  await checker.check(request);
  assert.is(misses() - start, 1, 'a file the hook does not import changes nothing');
  await checker.check({ ...request, argsType: T.object({ n: T.string }) });
  await checker.check({ ...request, constants: { n: 4 } });
  await checker.check({ ...request, exportName: 'cont' });
  assert.is(misses() - start, 4);
  assert.is(cache.entries.size, 4);
});

test('an import of a file that does not exist yet is part of the key', async () => {
  hooks.write('hooks/later.ts', "import type { T } from './not-yet.ts';\nexport async function later(args: { n: number }): Promise<void> {}\n");
  const cache = memoryCache();
  const checker = createTsHookChecker({ cache });
  const req = hooks.request('hooks/later.ts', 'later', T.object({ n: T.int }));
  await checker.check(req);
  const start = tsHookStats().cacheMisses;
  hooks.write('hooks/not-yet.ts', 'export type T = 1;\n');
  await checker.check(req);
  assert.is(tsHookStats().cacheMisses - start, 1);
});

test('with the cache off nothing is written', async () => {
  const dir = path.join(hooks.dir, 'off');
  await createTsHookChecker({ cache: false, cacheDir: dir }).check(request);
  assert.is(fs.existsSync(dir), false);
});

test('the default cache directory is .mbp/cache/ts-hooks under the working directory', async () => {
  const cwd = path.join(hooks.dir, 'project');
  fs.mkdirSync(cwd);
  await createTsHookChecker({ cwd }).check(request);
  assert.is(fs.readdirSync(path.join(cwd, '.mbp', 'cache', 'ts-hooks')).filter((f) => f.endsWith('.json')).length, 1);
});

test.after(() => hooks.cleanup());
test.run();
