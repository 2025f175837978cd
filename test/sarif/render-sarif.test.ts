import fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import {
  SARIF_FINGERPRINT_KEY,
  SourceFile,
  makeDiagnostic,
  toSarifLog,
  type Diagnostic,
  type SarifRenderOptions,
} from '../../compiler/diagnostics/index.ts';

/**
 * The SARIF renderer on hand-made diagnostics: the log validates against the
 * official SARIF 2.1.0 schema (a copy in fixtures/, so the test does not
 * depend on the shared folder), URIs are relative, regions 1-based with
 * exclusive ends, and fingerprints survive lines inserted above a finding.
 */
const schema = JSON.parse(fs.readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
// Both packages are CommonJS with `exports.default`; under NodeNext the class is `.default`.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
}

const OPTIONS: SarifRenderOptions = {
  cwd: '/work/proj',
  toolVersion: '1.2.3',
  describeRule: (code) => (code === 'unused-let' ? { title: 'unused let', description: 'a let nobody reads', help: 'remove it', defaultSeverity: 'warning' } : undefined),
};

function at(source: SourceFile, needle: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = source.text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`no ${needle}`);
  return { start, end: start + needle.length };
}

const TEXT = 'let a = 1\nlet b = 30sec\nlet c = "x"\n';
const main = new SourceFile('/work/proj/dir with space/main.mbp', TEXT);
const lib = new SourceFile('/work/proj/lib.mbp', 'let x = 1\n');
const sources = new Map([main, lib].map((s) => [s.path, s] as const));

const unit = makeDiagnostic('MBP1006', main.path, at(main, '30sec'), { unit: 'sec', text: '30sec' }, {
  help: 'did you mean `30s`?',
  related: [{ message: 'declared here', file: lib.path, range: at(lib, 'x') }],
  fixes: [{ title: 'write `30s`', edits: [{ file: main.path, range: at(main, '30sec'), text: '30s' }] }],
});
const lint: Diagnostic = {
  code: 'unused-let',
  severity: 'warning',
  message: '`c` is never used',
  file: main.path,
  range: at(main, 'c'),
  related: [],
  fixes: [],
};
const info: Diagnostic = { ...lint, severity: 'info', message: 'fyi', range: at(main, 'a') };

test('the log validates against the SARIF 2.1.0 schema', () => {
  const log = toSarifLog([unit, lint, info], sources, OPTIONS);
  assertValid(log);
  assertValid(toSarifLog([], sources, OPTIONS));
});

test('one run: tool.driver with name, version, informationUri and the rules that appear', () => {
  const log = toSarifLog([lint, unit], sources, OPTIONS) as any;
  assert.is(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  assert.is(log.runs.length, 1);
  const driver = log.runs[0].tool.driver;
  assert.is(driver.name, 'mbp');
  assert.is(driver.version, '1.2.3');
  assert.match(driver.informationUri, /^https:\/\//);
  assert.equal(driver.rules.map((r: any) => r.id), ['MBP1006', 'unused-let']);
  const [code, rule] = driver.rules;
  assert.is(code.shortDescription.text, 'unknown unit');
  assert.is(code.name, 'UnknownUnit');
  assert.is(code.defaultConfiguration.level, 'error');
  assert.is(rule.name, 'UnusedLet');
  assert.is(rule.fullDescription.text, 'a let nobody reads');
  assert.is(rule.help.text, 'remove it');
  assert.is(rule.defaultConfiguration.level, 'warning');
  // ruleIndex points at the rule of the same id.
  for (const r of log.runs[0].results) assert.is(driver.rules[r.ruleIndex].id, r.ruleId);
});

test('results: level, message with help, relative URI under %SRCROOT%, 1-based region with exclusive end', () => {
  const log = toSarifLog([unit, info], sources, OPTIONS) as any;
  const run = log.runs[0];
  assert.equal(run.originalUriBaseIds['%SRCROOT%'], { uri: 'file:///work/proj/' });
  const [infoResult, unitResult] = run.results;
  assert.is(infoResult.level, 'note');
  assert.is(unitResult.level, 'error');
  assert.is(unitResult.message.text, 'unknown unit `sec` in `30sec`\nhelp: did you mean `30s`?');
  const loc = unitResult.locations[0].physicalLocation;
  assert.equal(loc.artifactLocation, { uri: 'dir%20with%20space/main.mbp', uriBaseId: '%SRCROOT%' });
  assert.equal(loc.region, { startLine: 2, startColumn: 9, endLine: 2, endColumn: 14 });
  assert.equal(unitResult.relatedLocations, [
    {
      id: 1,
      message: { text: 'declared here' },
      physicalLocation: { artifactLocation: { uri: 'lib.mbp', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 5, endLine: 1, endColumn: 6 } },
    },
  ]);
  assert.equal(unitResult.fixes, [
    {
      description: { text: 'write `30s`' },
      artifactChanges: [
        {
          artifactLocation: { uri: 'dir%20with%20space/main.mbp', uriBaseId: '%SRCROOT%' },
          replacements: [{ deletedRegion: { startLine: 2, startColumn: 9, endLine: 2, endColumn: 14 }, insertedContent: { text: '30s' } }],
        },
      ],
    },
  ]);
});

test('a file outside the working directory is ../-relative; an unreadable file reports line 1', () => {
  const outside = new SourceFile('/work/other/x.mbp', 'let q = 1\n');
  const d = { ...lint, file: outside.path, range: at(outside, 'q') };
  const missing = makeDiagnostic('MBP1050', '/work/proj/gone.mbp', { start: 0, end: 0 });
  const log = toSarifLog([d, missing], new Map([[outside.path, outside]]), OPTIONS) as any;
  assertValid(log);
  const uris = log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
  assert.equal(uris.sort(), ['../other/x.mbp', 'gone.mbp']);
  const gone = log.runs[0].results.find((r: any) => r.ruleId === 'MBP1050');
  assert.equal(gone.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
});

function fingerprints(text: string, needle: string, nth = 0): string {
  const source = new SourceFile('/work/proj/f.mbp', text);
  const d = { ...lint, file: source.path, range: at(source, needle, nth) };
  const log = toSarifLog([d], new Map([[source.path, source]]), OPTIONS) as any;
  return log.runs[0].results[0].partialFingerprints[SARIF_FINGERPRINT_KEY];
}

test('fingerprints survive blank lines and comments inserted above, and re-indentation', () => {
  const before = 'let a = 1\nlet unused = 2\n';
  const after = '\n\n// a comment\nlet a = 1\n\n\n    let unused = 2\n';
  assert.is(fingerprints(after, 'unused'), fingerprints(before, 'unused'));
  // The line's own text is what counts: editing it gives another fingerprint.
  assert.is.not(fingerprints('let a = 1\nlet unused = 3\n', 'unused'), fingerprints(before, 'unused'));
});

test('identical lines get distinct fingerprints by occurrence, stable under insertion', () => {
  const text = 'let x = 1\nlet x = 1\n';
  const source = new SourceFile('/work/proj/f.mbp', text);
  const make = (s: SourceFile, nth: number): Diagnostic => ({ ...lint, file: s.path, range: at(s, 'x', nth) });
  const log = toSarifLog([make(source, 0), make(source, 1)], new Map([[source.path, source]]), OPTIONS) as any;
  const [a, b] = log.runs[0].results.map((r: any) => r.partialFingerprints[SARIF_FINGERPRINT_KEY]);
  assert.is.not(a, b);
  assert.match(a, /:1$/);
  assert.match(b, /:2$/);
  const moved = new SourceFile('/work/proj/f.mbp', `\n\n${text}`);
  const log2 = toSarifLog([make(moved, 0), make(moved, 1)], new Map([[moved.path, moved]]), OPTIONS) as any;
  assert.equal(log2.runs[0].results.map((r: any) => r.partialFingerprints[SARIF_FINGERPRINT_KEY]), [a, b]);
});

test.run();
