import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MANIFEST } from '../../cli/bin/bundle-cache.mjs';
import { copyProject, type BinRun, type ProjectCopy } from './project-copy.ts';

// The bin's start-up cache (cli/bin/bundle-cache.mjs, build-bundle.mjs) on a
// copy of the sources: built on the first run, reused, rebuilt when a source
// changes or the entry is damaged, and the tsx path whenever bundling is off
// or impossible. MBP_TRACE_STARTUP=1 makes the bin say which path it took.

const test = suite('bin: start-up cache');
let project: ProjectCopy;
/** What the CLI prints through tsx, the reference every bundled run must match. */
let reference: BinRun;
let version = '';

const BUILT = /start-up: built /;
const CACHED = /start-up: cached bundle /;

function entries(): string[] {
  return project.cacheEntries().filter((name) => fs.statSync(path.join(project.cacheDir, name)).isDirectory());
}

function onlyEntry(): string {
  const list = entries();
  assert.is(list.length, 1, `cache entries: ${list.join(', ')}`);
  return path.join(project.cacheDir, list[0]!);
}

function assertSameOutput(run: BinRun, what: string): void {
  assert.is(run.code, reference.code, `${what}: ${run.stderr}`);
  assert.is(run.stdout, reference.stdout, what);
}

test.before(() => {
  project = copyProject();
  version = (JSON.parse(fs.readFileSync(path.join(project.root, 'package.json'), 'utf8')) as { version: string }).version;
  reference = project.mbp(['check', 'ok.mbp'], { MBP_NO_BUNDLE: '1' });
});
test.after(() => project.cleanup());
test.before.each(() => fs.rmSync(project.cacheDir, { recursive: true, force: true }));

test('MBP_NO_BUNDLE=1 runs through tsx and leaves no cache', () => {
  // The checker grows while this runs; what matters is that a report came out, the same on both paths.
  assert.ok(reference.code === 0 || reference.code === 1, reference.stderr);
  assert.match(reference.stdout, /1 file checked/);
  assert.match(reference.stderr, /MBP_NO_BUNDLE=1: using tsx/);
  assert.not.match(reference.stderr, /bundle/);
  const again = project.mbp(['--version'], { MBP_NO_BUNDLE: '1' });
  assert.is(again.stdout.trim(), version);
  assert.equal(project.cacheEntries(), []);
});

test('the first run builds the bundle into a fresh cache dir, the second uses it', () => {
  const first = project.mbp(['check', 'ok.mbp']);
  assert.match(first.stderr, BUILT);
  assertSameOutput(first, 'first run');
  const entry = onlyEntry();
  assert.ok(fs.existsSync(path.join(entry, MANIFEST)));
  assert.ok(fs.existsSync(path.join(entry, 'main.js')));

  const second = project.mbp(['check', 'ok.mbp']);
  assert.match(second.stderr, CACHED);
  assert.not.match(second.stderr, BUILT);
  assertSameOutput(second, 'second run');
  // import.meta.url keeps naming cli/main.ts in the bundle, so it still finds package.json.
  const printed = project.mbp(['--version']);
  assert.match(printed.stderr, CACHED);
  assert.is(printed.stdout.trim(), version);
  assert.equal(entries(), [path.basename(entry)]);
});

test('a source change invalidates the cache: the next run rebuilds and runs the new code', () => {
  assert.match(project.mbp(['--version']).stderr, BUILT);
  const before = entries();
  const marker = "\nprocess.stderr.write('edited-source-marker\\n');\n";
  fs.appendFileSync(path.join(project.root, 'cli', 'main.ts'), marker);
  try {
    const run = project.mbp(['--version']);
    assert.match(run.stderr, BUILT);
    assert.match(run.stderr, /edited-source-marker/);
    assert.is(run.stdout.trim(), version);
    const after = entries();
    assert.is(after.length, 2, after.join(', '));
    assert.ok(before.every((name) => after.includes(name)), 'a young entry is kept for processes still using it');
    assert.match(project.mbp(['--version']).stderr, CACHED);
  } finally {
    project.edit('cli/main.ts', marker, '');
  }
  // Restoring the text gives a new mtime, so a new entry, without the edit.
  const back = project.mbp(['--version']);
  assert.match(back.stderr, BUILT);
  assert.not.match(back.stderr, /edited-source-marker/);
});

test('a damaged entry (rewritten file, missing manifest) is rebuilt', () => {
  project.mbp(['--version']);
  const entry = onlyEntry();
  fs.writeFileSync(path.join(entry, 'main.js'), 'this is not javascript (');
  const rewritten = project.mbp(['check', 'ok.mbp']);
  assert.match(rewritten.stderr, BUILT);
  assertSameOutput(rewritten, 'after a rewritten file');
  assert.is(onlyEntry(), entry);
  assert.ok(!project.cacheEntries().some((name) => name.startsWith('.trash-') || name.startsWith('.tmp-')));

  fs.rmSync(path.join(entry, MANIFEST));
  const noManifest = project.mbp(['check', 'ok.mbp']);
  assert.match(noManifest.stderr, BUILT);
  assertSameOutput(noManifest, 'after a missing manifest');
  assert.match(project.mbp(['check', 'ok.mbp']).stderr, CACHED);
});

test('an entry that passes its manifest but does not load is dropped, the run goes through tsx, the next rebuilds', () => {
  project.mbp(['--version']);
  const entry = onlyEntry();
  const main = path.join(entry, 'main.js');
  fs.writeFileSync(main, 'export const broken = ;\n');
  // Forge the manifest so only loading can tell.
  const manifest = JSON.parse(fs.readFileSync(path.join(entry, MANIFEST), 'utf8')) as { files: Record<string, { size: number; mtimeMs: number }> };
  const st = fs.statSync(main);
  manifest.files['main.js'] = { size: st.size, mtimeMs: st.mtimeMs };
  fs.writeFileSync(path.join(entry, MANIFEST), JSON.stringify(manifest));

  const run = project.mbp(['check', 'ok.mbp']);
  assert.match(run.stderr, /does not load .*using tsx/);
  assertSameOutput(run, 'fallback run');
  assert.equal(entries(), []);
  assert.match(project.mbp(['check', 'ok.mbp']).stderr, BUILT);
});

test('sources the bundler cannot keep: a warning once, the tsx path, no retry until the sources change', () => {
  const unsupported = '\nexport const metaForTest = import.meta;\n';
  fs.appendFileSync(path.join(project.root, 'cli', 'main.ts'), unsupported);
  try {
    const first = project.mbp(['check', 'ok.mbp']);
    assert.match(first.stderr, /warning: could not prepare the start-up bundle, running through tsx .*cli\/main\.ts uses import\.meta/);
    assertSameOutput(first, 'fallback run');
    assert.ok(project.cacheEntries().some((name) => name.endsWith('.failed')));
    assert.equal(entries(), []);

    const second = project.mbp(['check', 'ok.mbp']);
    assert.not.match(second.stderr, /warning/);
    assert.match(second.stderr, /failed before .*using tsx/);
    assertSameOutput(second, 'second fallback run');
  } finally {
    project.edit('cli/main.ts', unsupported, '');
  }
  assert.match(project.mbp(['check', 'ok.mbp']).stderr, BUILT);
});

test('a project file outside the watched folders is refused, so no edit can go unseen', () => {
  fs.mkdirSync(path.join(project.root, 'extra'), { recursive: true });
  fs.writeFileSync(path.join(project.root, 'extra', 'note.ts'), 'export const note = 1;\n');
  const line = "\nimport '../extra/note.ts';\n";
  fs.appendFileSync(path.join(project.root, 'cli', 'main.ts'), line);
  try {
    const run = project.mbp(['check', 'ok.mbp']);
    assert.match(run.stderr, /extra\/note\.ts, outside the folders the start-up cache watches/);
    assertSameOutput(run, 'fallback run');
    assert.equal(entries(), []);
  } finally {
    project.edit('cli/main.ts', line, '');
  }
});

test('a cache directory that cannot be created: a warning naming the way out, and the tsx path', () => {
  fs.mkdirSync(project.cacheDir, { recursive: true });
  const blocker = path.join(project.cacheDir, 'not-a-directory');
  fs.writeFileSync(blocker, '');
  const run = project.mbp(['check', 'ok.mbp'], { MBP_CACHE_DIR: path.join(blocker, 'cache') });
  assert.match(run.stderr, /warning: could not prepare the start-up bundle, running through tsx .*MBP_NO_BUNDLE=1/);
  assertSameOutput(run, 'fallback run');
});

test('two processes building at once both succeed and leave one whole entry', async () => {
  const runs = await Promise.all([project.mbpAsync(['check', 'ok.mbp']), project.mbpAsync(['check', 'ok.mbp'])]);
  for (const run of runs) {
    assertSameOutput(run, 'concurrent run');
    assert.match(run.stderr, /start-up: (built|cached bundle) /);
  }
  onlyEntry();
  assert.equal(
    project.cacheEntries().filter((name) => name.startsWith('.')),
    [],
  );
  assert.match(project.mbp(['check', 'ok.mbp']).stderr, CACHED);
});

test.run();
