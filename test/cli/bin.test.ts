import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The real `mbp` executable in child processes: the bin, tsx registration,
// process exit codes and stream handling, not just main().
const BIN = fileURLToPath(new URL('../../cli/bin/mbp.js', import.meta.url));
const VALID = 'infrastructure edge {\n  datacenter = "dc-east"\n  network wan { kind = "wan" }\n}\n';

let dir = '';
test.before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  fs.writeFileSync(path.join(dir, 'ok.mbp'), VALID);
  fs.mkdirSync(path.join(dir, 'bad'));
  fs.writeFileSync(path.join(dir, 'bad', 'empty.mbp'), '\n\n');
  fs.writeFileSync(path.join(dir, 'bad', 'latin1.mbp'), Buffer.from([0x6c, 0x65, 0x74, 0x20, 0xe9, 0x0a]));
  fs.writeFileSync(path.join(dir, 'bad', 'blob.mbp'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]));
});
test.after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function mbp(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  // The test runner sets NO_COLOR; without it, a pipe alone must keep the output plain.
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('--version and a valid blueprint exit 0', () => {
  const version = mbp('--version');
  assert.is(version.code, 0, version.stderr);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  const ok = mbp('check', 'ok.mbp');
  assert.is(ok.code, 0, ok.stderr);
  assert.is(ok.stdout, '✓ 1 file checked, no problems\n');
  assert.is(ok.stderr, '');
});

test('bad inputs: one clear diagnostic each, exit 1, no colour on a pipe, no stack trace', () => {
  const run = mbp('check', 'bad');
  assert.is(run.code, 1, run.stderr);
  assert.is(run.stderr, '');
  assert.not.match(run.stdout, /\x1b\[/);
  assert.not.match(run.stdout, /\n\s+at /);
  const codes = (run.stdout.match(/^error\[MBP\d{4}\]/gm) ?? []).join(' ');
  assert.is(codes, 'error[MBP1054] error[MBP1055] error[MBP1053]');
  assert.match(run.stdout, '┌─ bad/latin1.mbp:1:5\n');
  assert.ok(run.stdout.endsWith('✗ 3 files checked: 3 errors\n'), run.stdout);
});

test('--format json from the bin', () => {
  const run = mbp('check', '--format', 'json', 'ok.mbp', 'bad/empty.mbp');
  assert.is(run.code, 1);
  const report = JSON.parse(run.stdout);
  assert.is(report.error_count, 1);
  assert.is(report.diagnostics[0].file, 'bad/empty.mbp');
});

test('usage errors exit 64 with one line and a hint', () => {
  const flag = mbp('check', '--strict', 'ok.mbp');
  assert.is(flag.code, 64);
  assert.is(flag.stdout, '');
  assert.is(flag.stderr, "error: unknown option '--strict'\nRun 'mbp check --help' for usage and examples.\n");
  const command = mbp('chck', 'ok.mbp');
  assert.is(command.code, 64);
  assert.match(command.stderr, "error: unknown command 'chck' (did you mean check?)\n");
});

test.run();
