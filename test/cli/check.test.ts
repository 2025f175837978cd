import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli-harness.ts';
import { ExitCode } from '../../cli/exit-codes.ts';
import type { CliIO } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';

const VALID = [
  'infrastructure edge {',
  '  datacenter = "dc-east"',
  '  network wan { kind = "wan" }',
  '  instance_array control {',
  '    server_type = "M.8.32.2"',
  '    count       = 3',
  '    template    = std.os.ubuntu_2404',
  '    port 0 { network = wan }',
  '  }',
  '}',
  '',
].join('\n');
// Two syntax errors in one file: both are reported.
const BROKEN = ['infrastructure edge {', '  datacenter = 30sec', '  network wan { kind = "wan"', ''].join('\n');

const ANSI = /\x1b\[/;

test('a valid blueprint: exit 0 and the all-clear summary', async () => {
  const run = await runCli(['check', 'main.mbp'], { files: { '/proj/main.mbp': VALID } });
  assert.is(run.code, ExitCode.Success);
  assert.is(run.stdout, '✓ 1 file checked, no problems\n');
  assert.is(run.stderr, '');
});

test('errors: exit 1, every diagnostic with its location, the summary last', async () => {
  const run = await runCli(['check', 'main.mbp'], { files: { '/proj/main.mbp': BROKEN } });
  assert.is(run.code, ExitCode.Errors);
  assert.match(run.stdout, /^error\[MBP1\d{3}\]: /);
  assert.match(run.stdout, '┌─ main.mbp:2:16');
  assert.match(run.stdout, '2 │   datacenter = 30sec\n  │                ^^^^^');
  const headers = run.stdout.match(/^error\[MBP\d{4}\]/gm) ?? [];
  assert.ok(headers.length >= 2, run.stdout);
  assert.ok(run.stdout.endsWith(`\n\n✗ 1 file checked: ${headers.length} errors\n`), run.stdout);
  assert.is(run.stderr, '');
});

test('a directory means every .mbp below it; files are counted; relative paths from cwd', async () => {
  const files = { '/proj/infra/a.mbp': VALID, '/proj/infra/sub/b.mbp': BROKEN, '/proj/infra/readme.txt': 'x' };
  const run = await runCli(['check', 'infra'], { files });
  assert.is(run.code, ExitCode.Errors);
  assert.match(run.stdout, '┌─ infra/sub/b.mbp:');
  assert.match(run.stdout, '✗ 2 files checked: ');
  const ok = await runCli(['check', '.'], { files: { '/proj/x/a.mbp': VALID, '/proj/y/b.mbp': VALID } });
  assert.is(ok.code, 0);
  assert.is(ok.stdout, '✓ 2 files checked, no problems\n');
});

test('--format json: the document on stdout, exit code still from the errors', async () => {
  const run = await runCli(['check', '--format', 'json', '.'], { files: { '/proj/a.mbp': VALID, '/proj/b.mbp': BROKEN } });
  assert.is(run.code, ExitCode.Errors);
  const report = JSON.parse(run.stdout);
  assert.is(report.format_version, '1');
  assert.is(report.valid, false);
  assert.is(report.error_count, report.diagnostics.length);
  assert.ok(report.diagnostics.length >= 2);
  for (const d of report.diagnostics) {
    assert.is(d.file, 'b.mbp');
    assert.ok(Array.isArray(d.related) && Array.isArray(d.fixes));
  }
  const first = report.diagnostics[0];
  assert.equal(first.range.start, { line: 2, column: 16, offset: BROKEN.indexOf('30sec') });
  const valid = await runCli(['check', 'a.mbp', '--format=json'], { files: { '/proj/a.mbp': VALID } });
  assert.is(valid.code, 0);
  assert.equal(JSON.parse(valid.stdout), { format_version: '1', valid: true, error_count: 0, warning_count: 0, diagnostics: [] });
});

test('colour: on a TTY only; never with NO_COLOR, --no-color, or in JSON', async () => {
  const files = { '/proj/b.mbp': BROKEN };
  const tty = await runCli(['check', 'b.mbp'], { files, isTTY: true });
  assert.match(tty.stdout, ANSI);
  assert.match(tty.stdout, '\x1b[1;31merror[');
  const pipe = await runCli(['check', 'b.mbp'], { files, isTTY: false });
  assert.not.match(pipe.stdout, ANSI);
  // Same report, minus the escapes.
  assert.is(tty.stdout.replace(/\x1b\[[0-9;]*m/g, ''), pipe.stdout);
  assert.not.match((await runCli(['check', 'b.mbp'], { files, isTTY: true, env: { NO_COLOR: '1' } })).stdout, ANSI);
  assert.not.match((await runCli(['check', 'b.mbp'], { files, isTTY: true, env: { NO_COLOR: '' } })).stdout, ANSI);
  assert.not.match((await runCli(['check', '--no-color', 'b.mbp'], { files, isTTY: true })).stdout, ANSI);
  assert.not.match((await runCli(['check', '--format', 'json', 'b.mbp'], { files, isTTY: true, env: { FORCE_COLOR: '1' } })).stdout, ANSI);
  assert.match((await runCli(['check', 'b.mbp'], { files, env: { FORCE_COLOR: '1' } })).stdout, ANSI);
});

test('an internal error: a short message saying it is a bug, exit 1, the stack only with MBP_DEBUG=1', async () => {
  const failing = (env: Record<string, string>) => {
    let stderr = '';
    const io: CliIO = {
      stdout: {
        write: () => {
          throw new TypeError('cannot write the report');
        },
        isTTY: false,
      },
      stderr: { write: (t) => void (stderr += t), isTTY: false },
      env,
      cwd: '/proj',
      fs: new MemoryFileSystem({ '/proj/a.mbp': VALID }),
    };
    return main(['check', 'a.mbp'], io).then((code) => ({ code, stderr }));
  };
  const quiet = await failing({});
  assert.is(quiet.code, ExitCode.Errors);
  assert.match(quiet.stderr, 'mbp: internal error: cannot write the report\n');
  assert.match(quiet.stderr, 'This is a bug in mbp');
  assert.match(quiet.stderr, 'MBP_DEBUG=1');
  assert.not.match(quiet.stderr, /\n\s+at /);
  const debug = await failing({ MBP_DEBUG: '1' });
  assert.match(debug.stderr, /TypeError: cannot write the report\n\s+at /);
});

test.run();
