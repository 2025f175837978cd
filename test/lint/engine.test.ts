import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../grammar/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import { SourceFile, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import { defineRule, lintFile, lintRule, parseDirectives, type LintRule, type LintOptions } from '../../compiler/lint/index.ts';

/**
 * The engine with rules of its own: levels, `off`, a throwing rule, and the
 * `mbp-disable` comments (suppression, unknown ids, compiler codes, unused
 * directives with their fix-its). The rules here need no checked program.
 */
const FILE = '/p/main.mbp';
const noProgram = {} as CheckedProgram;
const DOCS = { summary: 's', why: 'w', bad: '', good: '' };

/** Reports every `let` whose name starts with `bad`. */
const badLet = defineRule({
  id: 'bad-let',
  severity: 'warning',
  docs: DOCS,
  check({ module, report }) {
    for (const d of module.declarations) if (d.kind === 'Let' && d.name.text.startsWith('bad')) report({ range: d.name.span, message: `bad ${d.name.text}` });
  },
});
/** Reports every `let` named `x`. */
const xLet = defineRule({
  id: 'x-let',
  severity: 'info',
  docs: DOCS,
  check({ module, report }) {
    for (const d of module.declarations) if (d.kind === 'Let' && d.name.text === 'x') report({ range: d.name.span, message: 'x' });
  },
});
const throwing = defineRule({ id: 'throws', severity: 'error', docs: DOCS, check() { throw new Error('boom'); } });
const unusedDisableDirective = lintRule('unused-disable-directive');
if (unusedDisableDirective === undefined) throw new Error('the unused-disable-directive rule is not registered');
const RULES: readonly LintRule[] = [badLet, xLet, unusedDisableDirective];

function run(text: string, options: LintOptions = {}): Diagnostic[] {
  const parsed = parse(text, FILE);
  assert.equal(parsed.diagnostics, [], 'the input must parse');
  return lintFile({ file: FILE, source: new SourceFile(FILE, text), module: parsed.module, checked: noProgram }, { rules: RULES, ...options });
}

const summary = (ds: readonly Diagnostic[], text: string) =>
  ds.map((d) => `${d.code}/${d.severity} ${new SourceFile(FILE, text).positionAt(d.range.start).line}`).sort();

test('rules report at their default severity; configured levels change it; off silences', () => {
  const text = 'let bad1 = 1\nlet x = 2\n';
  assert.equal(summary(run(text), text), ['bad-let/warning 1', 'x-let/info 2']);
  assert.equal(summary(run(text, { levels: new Map([['bad-let', 'error'], ['x-let', 'off']]) }), text), ['bad-let/error 1']);
});

test('a rule that throws is one MBP9001; the others still run', () => {
  const d = lintFile({ file: FILE, source: new SourceFile(FILE, 'let bad = 1\n'), module: parse('let bad = 1\n', FILE).module, checked: noProgram }, { rules: [throwing, badLet] });
  assert.equal(d.map((x) => x.code).sort(), ['MBP9001', 'bad-let']);
  assert.match(d.find((x) => x.code === 'MBP9001')!.message, 'lint rule throws: boom');
});

test('mbp-disable-next-line and mbp-disable-line suppress the named rules on their line only', () => {
  const text = [
    '// mbp-disable-next-line bad-let',
    'let bad1 = 1',
    'let bad2 = 2',
    'let bad3 = 3 // mbp-disable-line bad-let -- kept for the migration',
    '/* mbp-disable-next-line x-let, bad-let */',
    'let x = 5',
    '',
  ].join('\n');
  // `bad-let` in the block comment finds nothing on `let x`: that part is unused.
  assert.equal(summary(run(text), text), ['bad-let/warning 3', 'unused-disable-directive/warning 5']);
});

test('a directive without rule ids suppresses every lint rule on its line', () => {
  const text = ['// mbp-disable-next-line', 'let bad = 1', 'let x = 2', ''].join('\n');
  assert.equal(summary(run(text), text), ['x-let/info 3']);
});

test('unknown ids warn with did-you-mean; compiler codes cannot be disabled', () => {
  const text = ['// mbp-disable-next-line bad-lett, MBP3002', 'let bad = 1', ''].join('\n');
  const ds = run(text);
  const unknown = ds.find((d) => d.code === 'MBP3090')!;
  assert.is(unknown.severity, 'warning');
  assert.is(text.slice(unknown.range.start, unknown.range.end), 'bad-lett');
  assert.match(unknown.help ?? '', 'did you mean `bad-let`?');
  assert.equal(unknown.fixes[0]!.edits[0]!.text, 'bad-let');
  const code = ds.find((d) => d.code === 'MBP3091')!;
  assert.is(text.slice(code.range.start, code.range.end), 'MBP3002');
  // The misspelt id suppresses nothing, so the finding shows.
  assert.ok(ds.some((d) => d.code === 'bad-let'));
});

test('an unused directive is reported, with a fix-it removing the comment line', () => {
  const text = ['let a = 1', '// mbp-disable-next-line bad-let', 'let fine = 2', ''].join('\n');
  const [d, ...rest] = run(text);
  assert.is(rest.length, 0);
  assert.is(d!.code, 'unused-disable-directive');
  assert.is(d!.message, 'this disable comment suppresses nothing: `bad-let` reports nothing on the next line');
  const edit = d!.fixes[0]!.edits[0]!;
  assert.is(text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end), 'let a = 1\nlet fine = 2\n');
});

test('one unused id of several: reported at the id, the fix-it removes it and its comma', () => {
  const text = ['// mbp-disable-next-line x-let, bad-let', 'let bad = 1', ''].join('\n');
  const ds = run(text);
  assert.equal(ds.map((d) => d.code), ['unused-disable-directive']);
  const d = ds[0]!;
  assert.is(text.slice(d.range.start, d.range.end), 'x-let');
  const edit = d.fixes[0]!.edits[0]!;
  assert.is(text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end), '// mbp-disable-next-line bad-let\nlet bad = 1\n');
});

test('unused directives are not reported when their rule is off', () => {
  const text = ['// mbp-disable-next-line bad-let', 'let fine = 2', ''].join('\n');
  assert.equal(run(text, { levels: new Map([['unused-disable-directive', 'off']]) }), []);
});

test('parseDirectives: kinds, target lines, ids and their ranges, reasons ignored; other comments skipped', () => {
  const text = ['// a comment about mbp-disable-line', 'let a = 1 // mbp-disable-line  one,two -- why', '// mbp-disable-next-line', 'let b = 2', ''].join('\n');
  const parsed = parse(text, FILE);
  assert.is(parsed.comments.length, 3);
  const directives = parseDirectives(parsed.comments, new SourceFile(FILE, text));
  assert.equal(
    directives.map((d) => [d.kind, d.line, d.rules.map((r) => text.slice(r.range.start, r.range.end))]),
    [['line', 2, ['one', 'two']], ['next-line', 4, []]],
  );
});

test.run();
