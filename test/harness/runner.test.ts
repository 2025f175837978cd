import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The runner's closing line is what CI reads, so check it counts real results:
// a passing file, a failing file, a crashing file, and an empty run.
const repo = new URL('../..', import.meta.url).pathname;

function fakeRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mbp-runner-'));
  mkdirSync(join(dir, 'test'), { recursive: true });
  cpSync(join(repo, 'test/run.mjs'), join(dir, 'test/run.mjs'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'test', name), body);
  return dir;
}

function run(dir: string) {
  const r = spawnSync(process.execPath, [join(dir, 'test/run.mjs')], { encoding: 'utf8', env: { ...process.env, MBP_TEST_JOBS: '2' } });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, last: lines[lines.length - 1] };
}

const pass = `import { test } from 'uvu'; import * as assert from 'uvu/assert';
test('one', () => assert.ok(true)); test('two', () => assert.is(1, 1)); test.run();`;
const fail = `import { test } from 'uvu'; import * as assert from 'uvu/assert';
test('good', () => assert.ok(true)); test('bad', () => assert.is(1, 2)); test.run();`;
const crash = `throw new Error('boom at import');`;

test('counts passed and failed tests across files', () => {
  const dir = fakeRepo({ 'a.test.ts': pass, 'b.test.ts': fail });
  try {
    const r = run(dir);
    assert.is(r.last, '3 passed, 1 failed');
    assert.is(r.status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that crashes before running counts as a failure', () => {
  const dir = fakeRepo({ 'a.test.ts': pass, 'c.test.ts': crash });
  try {
    const r = run(dir);
    assert.is(r.last, '2 passed, 1 failed');
    assert.is(r.status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('all passing exits 0', () => {
  const dir = fakeRepo({ 'a.test.ts': pass });
  try {
    const r = run(dir);
    assert.is(r.last, '2 passed, 0 failed');
    assert.is(r.status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no tests at all is a failure', () => {
  const dir = fakeRepo({});
  try {
    const r = run(dir);
    assert.is(r.last, '0 passed, 1 failed');
    assert.is(r.status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
