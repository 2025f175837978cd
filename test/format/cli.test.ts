import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/main.ts';
import { ExitCode } from '../../cli/exit-codes.ts';
import { MemoryFileSystem, NodeFileSystem } from '../../compiler/sources/index.ts';
import { runCli } from '../cli/cli-harness.ts';

// `mbp fmt` end to end, in-process, against files in a fresh temporary directory.

const UGLY = 'infrastructure edge {\n    datacenter="dc"\n    on_failure = "keep"\n}\n';
const PRETTY = 'infrastructure edge {\n  datacenter = "dc"\n  on_failure = "keep"\n}\n';
const BROKEN = 'infrastructure edge {\n    datacenter="dc"\n';

interface Context {
  dir: string;
}

const fmt = suite<Context>('mbp fmt', { dir: '' });

fmt.before.each((ctx) => {
  ctx.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
});

fmt.after.each((ctx) => {
  fs.rmSync(ctx.dir, { recursive: true, force: true });
});

function write(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

function read(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

async function run(dir: string, argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['fmt', ...argv], {
    stdout: { write: (t) => void (stdout += t), isTTY: false },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
    env: {},
    cwd: dir,
    fs: new NodeFileSystem(),
  });
  return { code, stdout, stderr };
}

fmt('rewrites files in place, lists them, and a second run changes nothing', async ({ dir }) => {
  write(dir, { 'a.mbp': UGLY, 'sub/b.mbp': PRETTY, 'sub/c.mbp': UGLY });
  const first = await run(dir, ['.']);
  assert.is(first.code, ExitCode.Success);
  assert.is(first.stdout, 'a.mbp\nsub/c.mbp\n');
  assert.is(first.stderr, '');
  assert.is(read(dir, 'a.mbp'), PRETTY);
  assert.is(read(dir, 'sub/b.mbp'), PRETTY);
  assert.is(read(dir, 'sub/c.mbp'), PRETTY);
  const second = await run(dir, ['.']);
  assert.is(second.code, ExitCode.Success);
  assert.is(second.stdout, '');
  assert.equal(fs.readdirSync(dir).sort(), ['a.mbp', 'sub'], 'no temporary file is left behind');
});

fmt('an in-place write keeps the file mode and writes through a symbolic link', async ({ dir }) => {
  write(dir, { 'real.mbp': UGLY });
  fs.chmodSync(path.join(dir, 'real.mbp'), 0o640);
  fs.symlinkSync('real.mbp', path.join(dir, 'link.mbp'));
  const result = await run(dir, ['link.mbp']);
  assert.is(result.code, ExitCode.Success);
  assert.ok(fs.lstatSync(path.join(dir, 'link.mbp')).isSymbolicLink(), 'the link is still a link');
  assert.is(read(dir, 'real.mbp'), PRETTY);
  assert.is(fs.statSync(path.join(dir, 'real.mbp')).mode & 0o777, 0o640);
});

fmt('--check lists the files that are not formatted, writes nothing, exits 1', async ({ dir }) => {
  write(dir, { 'a.mbp': UGLY, 'b.mbp': PRETTY });
  const result = await run(dir, ['--check', 'a.mbp', 'b.mbp']);
  assert.is(result.code, ExitCode.Errors);
  assert.is(result.stdout, 'a.mbp\n');
  assert.match(result.stderr, "run 'mbp fmt'");
  assert.is(read(dir, 'a.mbp'), UGLY);
  const clean = await run(dir, ['--check', 'b.mbp']);
  assert.is(clean.code, ExitCode.Success);
  assert.is(clean.stdout, '');
  assert.is(clean.stderr, '');
});

fmt('--diff prints a unified diff, writes nothing, exits 1', async ({ dir }) => {
  write(dir, { 'a.mbp': UGLY, 'b.mbp': PRETTY });
  const result = await run(dir, ['--diff', '.']);
  assert.is(result.code, ExitCode.Errors);
  assert.is(
    result.stdout,
    '--- a/a.mbp\n+++ b/a.mbp\n@@ -1,4 +1,4 @@\n infrastructure edge {\n' +
      '-    datacenter="dc"\n-    on_failure = "keep"\n+  datacenter = "dc"\n+  on_failure = "keep"\n }\n',
  );
  assert.is(read(dir, 'a.mbp'), UGLY);
  const clean = await run(dir, ['--diff', 'b.mbp']);
  assert.is(clean.code, ExitCode.Success);
  assert.is(clean.stdout, '');
});

fmt('a file with a syntax error is left untouched and reported; the others are formatted; exit 1', async ({ dir }) => {
  write(dir, { 'bad.mbp': BROKEN, 'good.mbp': UGLY });
  const result = await run(dir, ['.']);
  assert.is(result.code, ExitCode.Errors);
  assert.is(read(dir, 'bad.mbp'), BROKEN);
  assert.is(read(dir, 'good.mbp'), PRETTY);
  assert.is(result.stdout, 'good.mbp\n');
  assert.match(result.stderr, 'error[MBP1014]');
  assert.match(result.stderr, 'bad.mbp:');
  assert.match(result.stderr, '1 file was left unformatted because of errors');
});

fmt('--format json: every file with whether it changed, and the diagnostics', async ({ dir }) => {
  write(dir, { 'a.mbp': UGLY, 'b.mbp': PRETTY, 'bad.mbp': BROKEN });
  const result = await run(dir, ['--check', '--format', 'json', '.']);
  assert.is(result.code, ExitCode.Errors);
  const report = JSON.parse(result.stdout) as {
    format_version: string;
    files: { file: string; changed: boolean }[];
    error_count: number;
    diagnostics: { code: string; file: string }[];
  };
  assert.is(report.format_version, '1');
  assert.equal(report.files, [
    { file: 'a.mbp', changed: true },
    { file: 'b.mbp', changed: false },
    { file: 'bad.mbp', changed: false },
  ]);
  assert.is(report.error_count, 1);
  assert.equal(report.diagnostics.map((d) => [d.code, d.file]), [['MBP1014', 'bad.mbp']]);
  assert.is(read(dir, 'a.mbp'), UGLY, '--check writes nothing, in JSON too');

  const withDiff = JSON.parse((await run(dir, ['--diff', '--format', 'json', 'a.mbp'])).stdout) as { files: { diff?: string }[] };
  assert.match(withDiff.files[0]!.diff ?? '', '+++ b/a.mbp');
});

fmt('without --check, JSON reports the files rewritten and exit 0', async ({ dir }) => {
  write(dir, { 'a.mbp': UGLY });
  const result = await run(dir, ['--format', 'json', 'a.mbp']);
  assert.is(result.code, ExitCode.Success);
  assert.equal(JSON.parse(result.stdout).files, [{ file: 'a.mbp', changed: true }]);
  assert.is(read(dir, 'a.mbp'), PRETTY);
});

fmt('a missing path and a directory without blueprints are errors', async ({ dir }) => {
  fs.mkdirSync(path.join(dir, 'empty'));
  const result = await run(dir, ['missing.mbp', 'empty']);
  assert.is(result.code, ExitCode.Errors);
  assert.match(result.stderr, 'MBP1050');
  assert.match(result.stderr, 'MBP1057');
});

fmt('usage errors exit 64', async ({ dir }) => {
  assert.is((await run(dir, [])).code, ExitCode.Usage);
  assert.is((await run(dir, ['--format', 'sarif', 'a.mbp'])).code, ExitCode.Usage);
  assert.is((await run(dir, ['--chek', 'a.mbp'])).code, ExitCode.Usage);
});

fmt('a read-only file system is never written, and the real disk is not touched instead', async () => {
  const files = new MemoryFileSystem({ '/proj/a.mbp': UGLY });
  const result = await runCli(['fmt', 'a.mbp'], { fs: files });
  assert.is(result.code, ExitCode.Errors);
  assert.match(result.stderr, 'cannot write a.mbp');
  assert.is(new TextDecoder().decode(files.readFile('/proj/a.mbp')), UGLY);
  assert.not.ok(fs.existsSync('/proj/a.mbp'));
  const check = await runCli(['fmt', '--check', 'a.mbp'], { fs: files });
  assert.is(check.code, ExitCode.Errors);
  assert.is(check.stdout, 'a.mbp\n');
});

fmt('fmt appears in the help with examples', async ({ dir }) => {
  const help = await run(dir, ['--help']);
  assert.is(help.code, ExitCode.Success);
  assert.match(help.stdout, '--check');
  assert.match(help.stdout, '--diff');
  assert.match(help.stdout, 'Examples:');
});

fmt.run();
