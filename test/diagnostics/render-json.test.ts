import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SourceFile, makeDiagnostic, renderJson, toJsonReport, type Diagnostic } from '../../compiler/diagnostics/index.ts';

// Line 2 holds characters outside the BMP (two UTF-16 units each) and a wide CJK string.
const TEXT = 'param a: int = 1\nlet s = "😀日本" + 𝔵\nlet t = wan2\n';
const main = new SourceFile('/work/proj/main.mbp', TEXT);
const other = new SourceFile('/work/proj/lib/net.mbp', 'network wan {}\n');
const sources = new Map([main, other].map((s) => [s.path, s] as const));

function at(source: SourceFile, needle: string): { start: number; end: number } {
  const start = source.text.indexOf(needle);
  if (start < 0) throw new Error(`no ${needle}`);
  return { start, end: start + needle.length };
}

const withEverything: Diagnostic = {
  code: 'MBP2001',
  severity: 'error',
  message: 'unknown name `𝔵`',
  file: main.path,
  range: at(main, '𝔵'),
  related: [{ message: 'similar name', file: other.path, range: at(other, 'wan') }],
  help: 'did you mean `wan`?',
  fixes: [{ title: 'replace', edits: [{ file: main.path, range: at(main, '𝔵'), text: 'wan' }] }],
};
const warning: Diagnostic = {
  code: 'MBP2002',
  severity: 'warning',
  message: 'unused',
  file: main.path,
  range: at(main, 'a'),
  related: [],
  fixes: [],
};
const info: Diagnostic = { ...warning, code: 'MBP2003', severity: 'info', message: 'fyi', range: at(main, 'wan2') };

test('the document: every field, 1-based lines and columns, 0-based UTF-16 offsets', () => {
  const report = JSON.parse(renderJson([withEverything], sources, { cwd: '/work/proj' }));
  const start = TEXT.indexOf('𝔵');
  // '𝔵' follows 'let s = "😀日本" + ' on line 2: the emoji counts two UTF-16 units.
  const column = 'let s = "😀日本" + '.length + 1;
  assert.is(column, 18);
  assert.equal(report, {
    format_version: '1',
    valid: false,
    error_count: 1,
    warning_count: 0,
    diagnostics: [
      {
        code: 'MBP2001',
        severity: 'error',
        message: 'unknown name `𝔵`',
        file: 'main.mbp',
        range: { start: { line: 2, column, offset: start }, end: { line: 2, column: column + 2, offset: start + 2 } },
        related: [
          {
            message: 'similar name',
            file: 'lib/net.mbp',
            range: { start: { line: 1, column: 9, offset: 8 }, end: { line: 1, column: 12, offset: 11 } },
          },
        ],
        help: 'did you mean `wan`?',
        fixes: [
          {
            title: 'replace',
            edits: [
              {
                file: 'main.mbp',
                range: { start: { line: 2, column, offset: start }, end: { line: 2, column: column + 2, offset: start + 2 } },
                text: 'wan',
              },
            ],
          },
        ],
      },
    ],
  });
  // Keys in the order of DESIGN.md, so the output reads the same as the documentation.
  assert.equal(Object.keys(report), ['format_version', 'valid', 'error_count', 'warning_count', 'diagnostics']);
  assert.equal(Object.keys(report.diagnostics[0]), ['code', 'severity', 'message', 'file', 'range', 'related', 'help', 'fixes']);
});

test('help is present only when there is some; related and fixes are always arrays', () => {
  const [d] = toJsonReport([warning], sources, { cwd: '/work/proj' }).diagnostics;
  assert.ok(d);
  assert.not.ok('help' in d);
  assert.equal(d.related, []);
  assert.equal(d.fixes, []);
});

test('counts: warnings do not make it invalid; info is not counted as either', () => {
  const report = toJsonReport([warning, info, info], sources, { cwd: '/work/proj' });
  assert.is(report.valid, true);
  assert.is(report.error_count, 0);
  assert.is(report.warning_count, 1);
  assert.is(report.diagnostics.length, 3);
  const failing = toJsonReport([warning, withEverything, { ...withEverything, range: at(main, 't') }], sources, { cwd: '/' });
  assert.is(failing.valid, false);
  assert.is(failing.error_count, 2);
});

test('order: by file, then offset, then code, whatever the input order', () => {
  const sameSpot = { ...warning, code: 'MBP1000' };
  const inOther = { ...warning, file: other.path, range: { start: 0, end: 1 } };
  const input = [info, inOther, warning, withEverything, sameSpot];
  const order = (list: Diagnostic[]) =>
    toJsonReport(list, sources, { cwd: '/work/proj' }).diagnostics.map((d) => `${d.file}@${d.range.start.offset}:${d.code}`);
  const a = TEXT.indexOf('a');
  const expected = [`lib/net.mbp@0:MBP2002`, `main.mbp@${a}:MBP1000`, `main.mbp@${a}:MBP2002`, `main.mbp@${TEXT.indexOf('𝔵')}:MBP2001`, `main.mbp@${TEXT.indexOf('wan2')}:MBP2003`];
  assert.equal(order(input), expected);
  assert.equal(order([...input].reverse()), expected);
});

test('paths are relative to the working directory, with / separators', () => {
  const report = toJsonReport([withEverything], sources, { cwd: '/work/proj/lib' });
  assert.is(report.diagnostics[0]?.file, '../main.mbp');
  assert.is(report.diagnostics[0]?.related[0]?.file, 'net.mbp');
});

test('a file with no text (not found) reports line 1, column 1, offset 0', () => {
  const d = makeDiagnostic('MBP1050', '/work/proj/gone.mbp', { start: 0, end: 0 });
  const [j] = toJsonReport([d], sources, { cwd: '/work/proj' }).diagnostics;
  assert.equal(j?.range, { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } });
  assert.is(j?.file, 'gone.mbp');
  assert.is(j?.help, d.help);
});

test('an empty report is valid; the output is indented JSON ending with a newline', () => {
  const text = renderJson([], sources, { cwd: '/' });
  assert.ok(text.endsWith('}\n'));
  assert.match(text, '\n  "format_version": "1",\n');
  assert.equal(JSON.parse(text), { format_version: '1', valid: true, error_count: 0, warning_count: 0, diagnostics: [] });
});

test.run();
