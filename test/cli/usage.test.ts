import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli-harness.ts';
import { ExitCode } from '../../cli/exit-codes.ts';

function assertUsageError(run: { code: number; stdout: string; stderr: string }, error: string, hint: string): void {
  assert.is(run.code, ExitCode.Usage);
  assert.is(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.is(lines.length, 2, run.stderr);
  assert.is(lines[0], error);
  assert.is(lines[1], hint);
}

test('unknown option: one line with a suggestion, a hint to the command help, exit 64', async () => {
  assertUsageError(
    await runCli(['check', '--formt', 'json', 'a.mbp']),
    "error: unknown option '--formt' (did you mean --format?)",
    "Run 'mbp check --help' for usage and examples.",
  );
});

test('unknown command: did-you-mean and a hint to the command list, exit 64', async () => {
  assertUsageError(
    await runCli(['chekc', 'a.mbp']),
    "error: unknown command 'chekc' (did you mean check?)",
    "Run 'mbp --help' for the list of commands.",
  );
});

test('missing argument, bad --format value, --format without a value: exit 64', async () => {
  assertUsageError(await runCli(['check']), "error: missing required argument 'paths'", "Run 'mbp check --help' for usage and examples.");
  assertUsageError(
    await runCli(['check', '--format', 'xml', 'a.mbp']),
    "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, sarif.",
    "Run 'mbp check --help' for usage and examples.",
  );
  const noValue = await runCli(['check', 'a.mbp', '--format']);
  assert.is(noValue.code, ExitCode.Usage);
  assert.match(noValue.stderr, "argument missing");
});

test('an unknown global option is a usage error too', async () => {
  const run = await runCli(['--colour', 'check', 'a.mbp']);
  assert.is(run.code, ExitCode.Usage);
  assert.match(run.stderr, "error: unknown option '--colour'");
});

test('no command: the help on stderr, exit 64', async () => {
  const run = await runCli([]);
  assert.is(run.code, ExitCode.Usage);
  assert.match(run.stderr, 'Usage: mbp [options] [command]');
  assert.is(run.stdout, '');
});

test('--help and help COMMAND print to stdout with examples and exit 0', async () => {
  const top = await runCli(['--help']);
  assert.is(top.code, 0);
  assert.match(top.stdout, 'Usage: mbp [options] [command]');
  assert.match(top.stdout, /check \[options\] <paths\.\.\.>\s+report every problem/);
  assert.match(top.stdout, 'Examples:');
  assert.match(top.stdout, 'Exit codes:');
  for (const argv of [['check', '--help'], ['help', 'check']]) {
    const run = await runCli(argv);
    assert.is(run.code, 0, argv.join(' '));
    assert.match(run.stdout, 'Usage: mbp check [options] <paths...>');
    assert.match(run.stdout, '--format <format>');
    assert.match(run.stdout, 'Examples:\n  $ mbp check main.mbp');
    assert.is(run.stderr, '');
  }
});

test('--version prints the package version', async () => {
  const { readFileSync } = await import('node:fs');
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const run = await runCli(['--version']);
  assert.is(run.code, 0);
  assert.is(run.stdout, `${version}\n`);
});

test.run();
