import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Metafile } from 'esbuild';
import { bundle } from '../../cli/bin/build-bundle.mjs';
import { T } from '../../stdlib/index.ts';
import { makeTempDir, repoPath, type TempDir } from '../support/index.ts';

// The start-up bundle must behave as the sources do under tsx. The CLI does
// not reach every module yet, so this bundles two library entries with the
// bin's own settings (build-bundle.mjs) and compares them with tsx:
// ts-morph stays outside and is still loaded only on demand, import.meta.url
// still names the source file, and Chevrotain comes from its single-file build.

const test = suite('bin: bundle semantics');
let temp: TempDir;
let outdir = '';
let metafile: Metafile;

const HOOK = `import type { HookContext } from 'metal-blueprint/hooks';
export async function register(args: { name: string; count: number }, ctx: HookContext): Promise<void> {
  ctx.logger.info(args.name);
}
`;

// Imports the module given as a URL, checks one hook, reports what was loaded when.
const CHILD = `import { createRequire } from 'node:module';
const [moduleUrl, request] = process.argv.slice(2);
const cache = createRequire(import.meta.url).cache;
const tsMorphLoaded = () => Object.keys(cache).some((f) => /[\\\\/]node_modules[\\\\/](ts-morph|@ts-morph)[\\\\/]/.test(f));
const hooks = await import(moduleUrl);
const loadedAtImport = tsMorphLoaded();
const diagnostics = await hooks.checkTsHook(JSON.parse(request), { cache: false });
process.stdout.write(JSON.stringify({
  diagnostics, loadedAtImport, loadedAfterCheck: tsMorphLoaded(), stats: hooks.tsHookStats(), hooksApi: hooks.DEFAULT_HOOKS_API_PATH,
}));
`;

interface ChildReport {
  readonly diagnostics: { code: string; message: string }[];
  readonly loadedAtImport: boolean;
  readonly loadedAfterCheck: boolean;
  readonly stats: { tsMorphLoads: number };
  readonly hooksApi: string;
}

function runChild(moduleUrl: string, request: unknown, viaTsx: boolean): ChildReport {
  const args = [...(viaTsx ? ['--import', 'tsx'] : []), path.join(temp.path, 'child.mjs'), moduleUrl, JSON.stringify(request)];
  // From the repository, where `--import tsx` resolves.
  const run = spawnSync(process.execPath, args, { cwd: repoPath(), encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`child failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as ChildReport;
}

const inputs = () => Object.keys(metafile.inputs).map((input) => input.split(path.sep).join('/'));

test.before(async () => {
  temp = makeTempDir();
  outdir = path.join(temp.path, 'out');
  fs.writeFileSync(path.join(temp.path, 'child.mjs'), CHILD);
  fs.mkdirSync(path.join(temp.path, 'hooks'));
  fs.writeFileSync(path.join(temp.path, 'hooks', 'dns.ts'), HOOK);
  metafile = await bundle({
    root: repoPath(),
    entryPoints: { 'ts-hooks': repoPath('compiler/ts-hooks/index.ts'), grammar: repoPath('grammar/index.ts') },
    outdir,
  });
});
test.after(() => temp.cleanup());

test('ts-morph and TypeScript stay outside the bundle, imported from node_modules by absolute URL', () => {
  assert.ok(inputs().some((input) => input.startsWith('compiler/ts-hooks/')), 'the ts-hooks sources are bundled');
  assert.not.ok(inputs().some((input) => /node_modules\/(ts-morph|@ts-morph|typescript)\//.test(input)));
  const code = fs.readdirSync(outdir).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(outdir, f), 'utf8')).join('\n');
  assert.ok(code.includes(`import("${pathToFileURL(repoPath('node_modules', 'ts-morph')).href}/`), 'a dynamic import of ts-morph by file URL');
});

test('Chevrotain comes from its single-file build, not the lodash-es module tree', () => {
  assert.ok(inputs().includes('node_modules/chevrotain/lib/chevrotain.mjs'), inputs().filter((i) => i.includes('chevrotain')).join(', '));
  assert.not.ok(inputs().some((input) => input.includes('node_modules/lodash-es/')));
});

test('a hook checked through the bundle: same diagnostics as through tsx, ts-morph loaded only when needed', () => {
  const request = {
    file: path.join(temp.path, 'main.mbp'),
    hookPath: path.join(temp.path, 'hooks', 'dns.ts'),
    exportName: 'register',
    argsType: T.object({ name: T.string, count: T.string }),
    span: { start: 40, end: 90 },
    pathSpan: { start: 10, end: 20 },
    exportSpan: { start: 22, end: 32 },
  };
  const bundled = runChild(pathToFileURL(path.join(outdir, 'ts-hooks.js')).href, request, false);
  const sources = runChild(pathToFileURL(repoPath('compiler/ts-hooks/index.ts')).href, request, true);
  assert.equal(bundled.diagnostics, sources.diagnostics);
  assert.ok(bundled.diagnostics.some((d) => d.message.includes('count')), JSON.stringify(bundled.diagnostics));
  assert.is(bundled.loadedAtImport, false, 'importing the bundle does not load ts-morph');
  assert.is(bundled.loadedAfterCheck, true);
  assert.is(bundled.stats.tsMorphLoads, 1);
  // Found through import.meta.url, which must still name compiler/ts-hooks/hook-project.ts.
  assert.is(bundled.hooksApi, repoPath('stdlib', 'hooks-api', 'index.ts'));
  assert.is(bundled.hooksApi, sources.hooksApi);
});

test.run();
