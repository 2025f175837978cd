import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  SourceFile,
  makeDiagnostic,
  renderDiagnostic,
  renderDiagnostics,
  renderSummary,
  type Diagnostic,
} from '../../compiler/diagnostics/index.ts';

const MAIN = [
  'infrastructure edge {',
  '  network wan { kind = "wan" }',
  '',
  '  instance_array control {',
  '\tport 0 { network = wan2 }',
  '  }',
  '}',
  '',
].join('\n');
const LIB = 'network wan2_old {}\n';
const WIDE = 'let label = "日本語" + counter\n';

const main = new SourceFile('/p/main.mbp', MAIN);
const lib = new SourceFile('/p/lib/net.mbp', LIB);
const wide = new SourceFile('/p/wide.mbp', WIDE);
const sources = new Map([main, lib, wide].map((s) => [s.path, s] as const));

function at(source: SourceFile, needle: string, from = 0): { start: number; end: number } {
  const start = source.text.indexOf(needle, from);
  if (start < 0) throw new Error(`no ${needle}`);
  return { start, end: start + needle.length };
}

const unknownNetwork: Diagnostic = {
  code: 'MBP2001',
  severity: 'error',
  message: 'unknown network `wan2`',
  file: main.path,
  range: at(main, 'wan2'),
  related: [
    { message: 'a network with a similar name is declared here', file: main.path, range: at(main, 'wan', 30) },
    { message: 'declared in a library', file: lib.path, range: at(lib, 'wan2_old') },
  ],
  help: 'did you mean `wan`?',
  fixes: [{ title: 'replace `wan2` with `wan`', edits: [{ file: main.path, range: at(main, 'wan2'), text: 'wan' }] }],
};

const unusedCounter: Diagnostic = {
  code: 'MBP2002',
  severity: 'warning',
  message: '`counter` is never used',
  file: wide.path,
  range: at(wide, 'counter'),
  related: [{ message: 'this string has wide characters', file: wide.path, range: at(wide, '"日本語"') }],
  fixes: [{ title: 'prefix with an underscore', edits: [{ file: wide.path, range: { start: 20, end: 20 }, text: '_' }] }],
};

const UNKNOWN_NETWORK_TEXT = [
  'error[MBP2001]: unknown network `wan2`',
  '  ┌─ main.mbp:5:21',
  '  │',
  '2 │   network wan { kind = "wan" }',
  '  │           --- a network with a similar name is declared here',
  '  ·',
  '5 │     port 0 { network = wan2 }',
  '  │                        ^^^^',
  '  │',
  '  ┌─ lib/net.mbp:1:9',
  '  │',
  '1 │ network wan2_old {}',
  '  │         -------- declared in a library',
  '  │',
  '  = help: did you mean `wan`?',
  '  = fix: replace `wan2` with `wan`',
  '  │',
  '5 │     port 0 { network = wan }',
  '  │                        ~~~',
  '',
].join('\n');

const UNUSED_COUNTER_TEXT = [
  'warning[MBP2002]: `counter` is never used',
  '  ┌─ wide.mbp:1:21',
  '  │',
  '1 │ let label = "日本語" + counter',
  '  │             --------   ^^^^^^^',
  '  │             │',
  '  │             this string has wide characters',
  '  │',
  '  = fix: prefix with an underscore',
  '  │',
  '1 │ let label = "日本語" + _counter',
  '  │                        +',
  '',
].join('\n');

test('primary, related in the same and another file, help and fix (tab-indented line)', () => {
  assert.fixture(renderDiagnostic(unknownNetwork, sources, { cwd: '/p' }), UNKNOWN_NETWORK_TEXT);
});

test('wide characters take two cells; a label that is not rightmost hangs from a connector', () => {
  assert.fixture(renderDiagnostic(unusedCounter, sources, { cwd: '/p' }), UNUSED_COUNTER_TEXT);
});

test('several diagnostics come in file order, a blank line between them', () => {
  const text = renderDiagnostics([unusedCounter, unknownNetwork], sources, { cwd: '/p' });
  assert.fixture(text, `${UNKNOWN_NETWORK_TEXT}\n${UNUSED_COUNTER_TEXT}`);
});

test('paths are relative to cwd with / separators', () => {
  const text = renderDiagnostic(unknownNetwork, sources, { cwd: '/p/lib' });
  assert.match(text, '┌─ ../main.mbp:5:21');
  assert.match(text, '┌─ net.mbp:1:9');
});

test('a file without text (missing) shows its path, no excerpt; related spans in such files become notes', () => {
  const missing = makeDiagnostic('MBP1050', '/p/missing.mbp', { start: 0, end: 0 }, {}, {
    related: [{ message: 'imported here', file: '/p/other.mbp', range: { start: 3, end: 5 } }],
  });
  assert.fixture(
    renderDiagnostic(missing, sources, { cwd: '/p' }),
    [
      'error[MBP1050]: no such file or directory',
      '  ┌─ missing.mbp',
      '  = note: other.mbp: imported here',
      `  = help: ${missing.help}`,
      '',
    ].join('\n'),
  );
});

test('a span over many lines marks the first two and the last, eliding the middle', () => {
  const start = MAIN.indexOf('infrastructure');
  const d: Diagnostic = { ...unknownNetwork, range: { start, end: MAIN.length - 1 }, related: [], fixes: [] };
  delete (d as { help?: string }).help;
  assert.fixture(
    renderDiagnostic(d, sources, { cwd: '/p' }),
    [
      'error[MBP2001]: unknown network `wan2`',
      '  ┌─ main.mbp:1:1',
      '  │',
      '1 │ infrastructure edge {',
      '  │ ^^^^^^^^^^^^^^^^^^^^^',
      '2 │   network wan { kind = "wan" }',
      '  │   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '  ·',
      '7 │ }',
      '  │ ^',
      '',
    ].join('\n'),
  );
});

test('an empty span at the end of a line puts one caret just past the text', () => {
  const end = MAIN.indexOf('\n');
  const d = makeDiagnostic('MBP1001', main.path, { start: end, end }, { char: 'x' });
  const lines = renderDiagnostic(d, sources, { cwd: '/p' }).split('\n');
  assert.is(lines[3], '1 │ infrastructure edge {');
  assert.is(lines[4], `  │ ${' '.repeat('infrastructure edge {'.length)}^`);
});

test('the gutter widens for two-digit line numbers and a one-line gap is shown, not elided', () => {
  const text = Array.from({ length: 12 }, (_, i) => `line${i + 1} = ${i + 1}`).join('\n');
  const source = new SourceFile('/p/long.mbp', text);
  const d: Diagnostic = {
    code: 'MBP2003',
    severity: 'info',
    message: 'note this',
    file: source.path,
    range: at(source, 'line12'),
    related: [{ message: 'first', file: source.path, range: at(source, 'line10') }],
    fixes: [],
  };
  assert.fixture(
    renderDiagnostic(d, new Map([[source.path, source]]), { cwd: '/p' }),
    [
      'info[MBP2003]: note this',
      '   ┌─ long.mbp:12:1',
      '   │',
      '10 │ line10 = 10',
      '   │ ------ first',
      '11 │ line11 = 11',
      '12 │ line12 = 12',
      '   │ ^^^^^^',
      '',
    ].join('\n'),
  );
});

test('control and bidi characters are shown as visible stand-ins and keep carets aligned', () => {
  const text = 'x = "a\x1b[31mb\u202Ec" + bad\n';
  const source = new SourceFile('/p/ctl.mbp', text);
  const d = { ...unusedCounter, file: source.path, range: at(source, 'bad'), related: [], fixes: [] };
  const lines = renderDiagnostic(d, new Map([[source.path, source]]), { cwd: '/p' }).split('\n');
  assert.is(lines[3], '1 │ x = "a␛[31mb\uFFFDc" + bad');
  assert.not.match(lines.join('\n'), '\x1b');
  assert.not.match(lines.join('\n'), '\u202E');
  const caretColumn = lines[4]!.indexOf('^');
  assert.is(caretColumn, lines[3]!.indexOf('bad'));
});

test('a line far wider than the terminal is cut to a window around the marks', () => {
  const text = `x = [${'1, '.repeat(200)}oops]\n`;
  const source = new SourceFile('/p/wide-line.mbp', text);
  const d = { ...unusedCounter, file: source.path, range: at(source, 'oops'), related: [], fixes: [] };
  const lines = renderDiagnostic(d, new Map([[source.path, source]]), { cwd: '/p', maxLineWidth: 60 }).split('\n');
  const code = lines[3]!;
  assert.ok(code.length <= '1 │ '.length + 60, `too long: ${code.length}`);
  assert.ok(code.startsWith('1 │ …'), code);
  assert.ok(code.includes('oops]'), code);
  assert.is(lines[4]!.indexOf('^^^^'), code.indexOf('oops'));
});

test('ASCII frame for dumb terminals', () => {
  const text = renderDiagnostic(unknownNetwork, sources, { cwd: '/p', ascii: true });
  assert.match(text, '\n  --> main.mbp:5:21\n  |\n');
  assert.match(text, '\n5 |     port 0 { network = wan2 }\n');
  assert.not.match(text, /[┌│·─]/);
});

test('no ANSI escape without colour; colour wraps the header and the marks', () => {
  const plain = renderDiagnostics([unknownNetwork, unusedCounter], sources, { cwd: '/p', color: false });
  assert.not.match(plain, '\x1b');
  const coloured = renderDiagnostic(unknownNetwork, sources, { cwd: '/p', color: true });
  assert.match(coloured, '\x1b[1;31merror[MBP2001]\x1b[0m');
  assert.match(coloured, '\x1b[1;31m^^^^\x1b[0m');
  // Stripping the escapes gives back exactly the plain rendering.
  assert.fixture(coloured.replace(/\x1b\[[0-9;]*m/g, ''), UNKNOWN_NETWORK_TEXT);
});

test('summary line wording', () => {
  assert.is(renderSummary(3, { errors: 0, warnings: 0, infos: 0 }, {}), '✓ 3 files checked, no problems\n');
  assert.is(renderSummary(1, { errors: 0, warnings: 1, infos: 0 }, {}), '✓ 1 file checked: 1 warning\n');
  assert.is(renderSummary(2, { errors: 2, warnings: 1, infos: 3 }, {}), '✗ 2 files checked: 2 errors, 1 warning, 3 info\n');
  assert.is(renderSummary(1, { errors: 1, warnings: 0, infos: 0 }, { ascii: true }), 'error: 1 file checked: 1 error\n');
  assert.match(renderSummary(1, { errors: 1, warnings: 0, infos: 0 }, { color: true }), '\x1b[1;31m✗\x1b[0m');
});

test.run();
