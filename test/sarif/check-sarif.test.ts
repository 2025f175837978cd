import fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ExitCode } from '../../cli/exit-codes.ts';
import { SARIF_FINGERPRINT_KEY } from '../../compiler/diagnostics/index.ts';
import { runCli } from '../cli/cli-harness.ts';

/**
 * `mbp check --format sarif` end to end: a lint warning, a deployment error
 * with related locations and a fix-it, a syntax error; the log validates
 * against the SARIF 2.1.0 schema and its fingerprints survive edits above.
 */
const schema = JSON.parse(fs.readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validator = ajv.compile(schema);
/** Not a type guard: narrowing the parsed log to `unknown` would hide its fields from the assertions below. */
const validate = (doc: unknown): boolean => validator(doc) === true;

const BLUEPRINT = [
  'let unused = "x"',
  '',
  'infrastructure farm {',
  '  datacenter = "dc-east"',
  '  network wan { kind = "wan" }',
  '  network storage { kind = "san" }',
  '  instance_array node {',
  '    server_type = "M.40.256.4"',
  '    template    = std.os.rocky_9',
  '    boot        = "pxe_iscsi"',
  '    port 0 { network = wan }',
  '  }',
  '}',
  '',
].join('\n');

async function sarif(text: string, name = 'infra/main.mbp'): Promise<{ code: number; log: any }> {
  const run = await runCli(['check', '--format', 'sarif', name], { files: { [`/proj/${name}`]: text } });
  assert.is(run.stderr, '');
  return { code: run.code, log: JSON.parse(run.stdout) };
}

test('the log is valid SARIF 2.1.0 with relative URIs, rules, related locations and fixes', async () => {
  const { code, log } = await sarif(BLUEPRINT);
  assert.is(code, ExitCode.Errors);
  assert.ok(validate(log), JSON.stringify(validator.errors, null, 2));
  const run = log.runs[0];
  assert.equal(run.tool.driver.rules.map((r: any) => r.id), ['MBP3001', 'unused-let']);
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///proj/');
  const error = run.results.find((r: any) => r.ruleId === 'MBP3001');
  assert.is(error.level, 'error');
  assert.equal(error.locations[0].physicalLocation.artifactLocation, { uri: 'infra/main.mbp', uriBaseId: '%SRCROOT%' });
  assert.equal(error.locations[0].physicalLocation.region, { startLine: 10, startColumn: 19, endLine: 10, endColumn: 30 });
  assert.is(error.relatedLocations[0].physicalLocation.region.startLine, 6);
  assert.is(error.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '\n    port 1 { network = storage }');
  const lint = run.results.find((r: any) => r.ruleId === 'unused-let');
  assert.is(lint.level, 'warning');
  assert.is(run.tool.driver.rules[lint.ruleIndex].id, 'unused-let');
});

test('a syntax error is a result too; a clean blueprint has no results', async () => {
  const broken = await sarif('let a = 30sec\n', 'b.mbp');
  assert.ok(validate(broken.log), JSON.stringify(validator.errors));
  assert.equal(broken.log.runs[0].results.map((r: any) => r.ruleId), ['MBP1006']);
  const clean = await sarif('infrastructure e {\n  datacenter = "dc-east"\n}\n', 'c.mbp');
  assert.is(clean.code, ExitCode.Success);
  assert.equal(clean.log.runs[0].results, []);
  assert.equal(clean.log.runs[0].tool.driver.rules, []);
});

test('fingerprints do not change when blank lines and comments are inserted above the findings', async () => {
  const prints = (log: any) => Object.fromEntries(log.runs[0].results.map((r: any) => [r.ruleId, r.partialFingerprints[SARIF_FINGERPRINT_KEY]]));
  const lines = (log: any) => log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.region.startLine);
  const before = (await sarif(BLUEPRINT)).log;
  const edited = (await sarif(`// owned by the render team\n\n\n${BLUEPRINT.replace('infrastructure farm {', '\n\ninfrastructure farm {')}`)).log;
  assert.not.equal(lines(edited), lines(before), 'the findings moved down');
  assert.equal(prints(edited), prints(before));
  // Changing the finding's own line changes its fingerprint.
  const changed = (await sarif(BLUEPRINT.replace('let unused = "x"', 'let unused = "y"'))).log;
  assert.is.not(prints(changed)['unused-let'], prints(before)['unused-let']);
  assert.is(prints(changed).MBP3001, prints(before).MBP3001);
});

test('--format sarif is listed in the help', async () => {
  const run = await runCli(['check', '--help']);
  assert.match(run.stdout, 'sarif');
  assert.match(run.stdout, '--config <file>');
});

test.run();
