import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExitCode } from '../../cli/exit-codes.ts';
import { runCli } from '../cli/cli-harness.ts';

/**
 * `mbp check` with lint configuration: the nearest mbp.config.json above each
 * blueprint, `--config FILE` instead, levels that fail the run or silence a
 * rule, and configuration problems reported in the configuration file.
 */
const BLUEPRINT = ['let unused = 1', '', 'infrastructure e {', '  datacenter = "dc-east"', '}', ''].join('\n');

async function json(argv: string[], files: Record<string, string>) {
  const run = await runCli(['check', '--format', 'json', ...argv], { files });
  return { code: run.code, report: JSON.parse(run.stdout), stderr: run.stderr };
}

const codes = (report: any) => report.diagnostics.map((d: any) => `${d.code}/${d.severity} ${d.file}`);

test('without configuration: the rule\'s default severity', async () => {
  const { code, report } = await json(['main.mbp'], { '/proj/main.mbp': BLUEPRINT });
  assert.is(code, ExitCode.Success);
  assert.equal(codes(report), ['unused-let/warning main.mbp']);
});

test('the nearest mbp.config.json applies to each blueprint: error fails the run, off silences', async () => {
  const files = {
    '/mbp.config.json': '{ "rules": { "unused-let": "error" } }',
    '/proj/a/main.mbp': BLUEPRINT,
    '/proj/b/mbp.config.json': '{ "rules": { "unused-let": "off" } }',
    '/proj/b/main.mbp': BLUEPRINT,
  };
  const { code, report } = await json(['.'], files);
  assert.is(code, ExitCode.Errors);
  assert.equal(codes(report), ['unused-let/error a/main.mbp']);
});

test('--config FILE is used for every blueprint instead of the nearest file', async () => {
  const files = {
    '/proj/mbp.config.json': '{ "rules": { "unused-let": "error" } }',
    '/proj/ci/lint.json': '{ "extends": "../mbp.config.json", "rules": { "unused-let": "info" } }',
    '/proj/main.mbp': BLUEPRINT,
  };
  const { code, report } = await json(['--config', 'ci/lint.json', 'main.mbp'], files);
  assert.is(code, ExitCode.Success);
  assert.equal(codes(report), ['unused-let/info main.mbp']);
});

test('a missing --config file is an error, even with nothing else to check', async () => {
  const { code, report } = await json(['--config', 'nope.json', 'main.mbp'], { '/proj/main.mbp': BLUEPRINT });
  assert.is(code, ExitCode.Errors);
  assert.ok(codes(report).includes('MBP3080/error nope.json'), codes(report).join(', '));
});

test('configuration problems point into the configuration file, in text output too', async () => {
  const files = { '/proj/mbp.config.json': '{\n  "rules": { "unused-lett": "off" }\n}\n', '/proj/main.mbp': BLUEPRINT };
  const { code, report } = await json(['main.mbp'], files);
  assert.is(code, ExitCode.Errors);
  const problem = report.diagnostics.find((d: any) => d.code === 'MBP3083');
  assert.is(problem.file, 'mbp.config.json');
  assert.equal(problem.range.start, { line: 2, column: 14, offset: 15 });
  // The rule it meant keeps its default.
  assert.ok(codes(report).includes('unused-let/warning main.mbp'));
  const text = await runCli(['check', 'main.mbp'], { files });
  assert.match(text.stdout, 'error[MBP3083]: unknown lint rule `unused-lett`');
  assert.match(text.stdout, '┌─ mbp.config.json:2:14');
  assert.match(text.stdout, 'did you mean `unused-let`?');
});

test('an extends cycle is reported once, however many blueprints share the configuration', async () => {
  const files = {
    '/proj/mbp.config.json': '{ "extends": "./base.json" }',
    '/proj/base.json': '{ "extends": "./mbp.config.json" }',
    '/proj/a.mbp': BLUEPRINT,
    '/proj/b.mbp': BLUEPRINT,
  };
  const { report } = await json(['.'], files);
  assert.equal(report.diagnostics.filter((d: any) => d.code === 'MBP3085').map((d: any) => d.file), ['base.json']);
});

test.run();
