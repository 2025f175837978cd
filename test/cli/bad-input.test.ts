import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli-harness.ts';
import { NodeFileSystem, MAX_SOURCE_BYTES } from '../../compiler/sources/index.ts';

// Bad inputs on a real disk, through the whole command in-process: each is one
// clear diagnostic with help, exit 1, nothing on stderr and no stack trace.
let dir = '';

test.before.each(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
});
test.after.each(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function checkOne(target: string, code: string, location: string): Promise<string> {
  const run = await runCli(['check', target], { fs: new NodeFileSystem(), cwd: dir });
  assert.is(run.code, 1, run.stdout);
  assert.is(run.stderr, '');
  assert.ok(run.stdout.startsWith(`error[${code}]: `), run.stdout);
  assert.match(run.stdout, `┌─ ${location}\n`);
  assert.match(run.stdout, '= help: ');
  assert.not.match(run.stdout, /\n\s+at .*:\d+:\d+/);
  assert.is((run.stdout.match(/^error\[/gm) ?? []).length, 1, run.stdout);
  return run.stdout;
}

test('empty file, and a file of comments only', async () => {
  fs.writeFileSync(path.join(dir, 'empty.mbp'), '');
  await checkOne('empty.mbp', 'MBP1055', 'empty.mbp');
  fs.writeFileSync(path.join(dir, 'comments.mbp'), '// nothing yet\n/* still nothing */\n');
  await checkOne('comments.mbp', 'MBP1055', 'comments.mbp:1:1');
});

test('not UTF-8: the line and column of the first bad byte, shown in context', async () => {
  fs.writeFileSync(path.join(dir, 'latin1.mbp'), Buffer.concat([Buffer.from('let a = 1\nlet b = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
  const out = await checkOne('latin1.mbp', 'MBP1053', 'latin1.mbp:2:13');
  assert.match(out, 'byte 0xE9 at byte offset 22');
  assert.match(out, '2 │ let b = "caf\uFFFD"\n  │             ^\n');
});

test('a binary file', async () => {
  fs.writeFileSync(path.join(dir, 'logo.mbp'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  const out = await checkOne('logo.mbp', 'MBP1054', 'logo.mbp');
  assert.match(out, 'binary file');
});

test('a directory with no blueprint, and a missing file', async () => {
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.writeFileSync(path.join(dir, 'docs', 'notes.md'), '# notes\n');
  await checkOne('docs', 'MBP1057', 'docs');
  await checkOne('missing.mbp', 'MBP1050', 'missing.mbp');
});

test('a file over 32 MiB is refused without being read', async () => {
  const huge = path.join(dir, 'huge.mbp');
  fs.writeFileSync(huge, 'let a = 1\n');
  fs.truncateSync(huge, MAX_SOURCE_BYTES + 10);
  const out = await checkOne(huge, 'MBP1056', 'huge.mbp');
  assert.match(out, `${MAX_SOURCE_BYTES + 10} bytes`);
});

test('bad files do not stop the good ones from being checked', async () => {
  fs.writeFileSync(path.join(dir, 'a.mbp'), '');
  fs.writeFileSync(path.join(dir, 'b.mbp'), 'let x = 30sec\n');
  fs.writeFileSync(path.join(dir, 'c.mbp'), 'let ok = 1\n');
  const run = await runCli(['check', '.', '--format', 'json'], { fs: new NodeFileSystem(), cwd: dir });
  assert.is(run.code, 1);
  const report = JSON.parse(run.stdout);
  const found = report.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`);
  assert.is(found.length, 2, found.join(', '));
  assert.is(found[0], 'a.mbp MBP1055');
  assert.match(found[1], /^b\.mbp MBP1\d{3}$/);
});

test.run();
