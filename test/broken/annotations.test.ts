import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { compareWithExpectations, parseAnnotations, type Emitted } from '../support/index.ts';

/** The `// expect` annotation syntax of test/README.md, and the exact-multiset comparison. */
test('absolute and relative positions, and the same line', () => {
  const text = ['// expect MBP1001 at 4:11', '// expect MBP1002 at +2:3', 'x', '// expect MBP1003 at -1:1', 'let a = @ // expect MBP1004 at +0:9'].join('\n');
  const a = parseAnnotations(text);
  assert.equal(a.errors, []);
  assert.equal(
    a.expectations.map((e) => [e.code, e.line, e.column, e.annotationLine]),
    [['MBP1001', 4, 11, 1], ['MBP1002', 4, 3, 2], ['MBP1003', 3, 1, 4], ['MBP1004', 5, 9, 5]],
  );
});

test('lines count as SourceFile counts them: LF, CRLF and a lone CR', () => {
  const a = parseAnnotations('a\r\nb\rc\n// expect MBP1001 at -1:1\n');
  assert.equal(a.expectations.map((e) => e.line), [3]);
});

test('fix and help clauses, lint ids, and `none`', () => {
  const a = parseAnnotations('// expect MBP1010 at 1:9 fix "10.0.0.0/24" help "network \\"x\\""\n// expect unused-let at 2:5');
  assert.equal(a.errors, []);
  assert.is(a.expectations[0]!.fix, '10.0.0.0/24');
  assert.is(a.expectations[0]!.help, 'network "x"');
  assert.is(a.expectations[1]!.code, 'unused-let');
  const none = parseAnnotations('// expect none\nlet a = 1');
  assert.ok(none.none);
  assert.equal(none.expectations, []);
});

test('malformed annotations are errors, not silently dropped', () => {
  for (const bad of ['// expect MBP1001 4:11', '// expect MBP1001 at 4', '// expect MBP1001 at 4:11 fix 10.0.0.0', '// expect MBP1001 at 4:11 and more', '// expect', '// expect MBP1001 at -3:1']) {
    const a = parseAnnotations(bad);
    assert.is(a.expectations.length, 0, bad);
    assert.is(a.errors.length, 1, bad);
  }
  assert.is(parseAnnotations('// expect none\n// expect MBP1001 at 1:1').errors.length, 1);
  assert.is(parseAnnotations('// expect MBP1001 at +1:1', { relativeAllowed: false }).errors.length, 1);
});

function emitted(code: string, line: number, column: number, extra: Partial<Diagnostic> = {}): Emitted {
  const diagnostic: Diagnostic = { code, severity: 'error', message: 'm', file: 'f.mbp', range: { start: 0, end: 0 }, related: [], fixes: [], ...extra };
  return { code, line, column, diagnostic };
}
const expect = (code: string, line: number, column: number, more: { fix?: string; help?: string } = {}) => ({ code, line, column, annotationLine: 1, ...more });

test('the comparison is an exact multiset of code and position', () => {
  assert.equal(compareWithExpectations([emitted('MBP1001', 1, 2)], 'f.mbp', [expect('MBP1001', 1, 2)]), []);
  // Two expected at one place need two emitted there.
  assert.is(compareWithExpectations([emitted('MBP1001', 1, 2)], 'f.mbp', [expect('MBP1001', 1, 2), expect('MBP1001', 1, 2)]).length, 1);
  // A duplicated diagnostic is one too many.
  const dup = compareWithExpectations([emitted('MBP1001', 1, 2), emitted('MBP1001', 1, 2)], 'f.mbp', [expect('MBP1001', 1, 2)]);
  assert.equal(dup.length, 1);
  assert.match(dup[0]!, /^unexpected: MBP1001 at 1:2/);
  // Wrong column or code.
  assert.is(compareWithExpectations([emitted('MBP1001', 1, 3)], 'f.mbp', [expect('MBP1001', 1, 2)]).length, 2);
  assert.is(compareWithExpectations([emitted('MBP1002', 1, 2)], 'f.mbp', [expect('MBP1001', 1, 2)]).length, 2);
});

test('fix and help clauses are checked on the matched diagnostic', () => {
  const withFix = emitted('MBP1010', 1, 1, { help: 'the network is 10.0.0.0/24', fixes: [{ title: 't', edits: [{ file: 'f.mbp', range: { start: 0, end: 1 }, text: '10.0.0.0/24' }] }] });
  assert.equal(compareWithExpectations([withFix], 'f.mbp', [expect('MBP1010', 1, 1, { fix: '10.0.0.0/24', help: 'network is' })]), []);
  assert.is(compareWithExpectations([withFix], 'f.mbp', [expect('MBP1010', 1, 1, { fix: '10.0.0.0/16' })]).length, 1);
  assert.is(compareWithExpectations([withFix], 'f.mbp', [expect('MBP1010', 1, 1, { help: 'did you mean' })]).length, 1);
});

test.run();
