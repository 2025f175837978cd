import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, type Declaration } from '../../grammar/index.ts';
import { codesOf } from './helpers.ts';

/**
 * Independent mistakes, each inside its own declaration between a good
 * entry before and a good entry after. `code` is the one diagnostic the
 * mistake must give.
 */
interface Mistake {
  readonly code: string;
  readonly body: string;
  /** The declaration keyword and header to wrap the body in. */
  readonly header?: string;
}

const MISTAKES: readonly Mistake[] = [
  { code: 'MBP1013', body: 'count' }, // `=` or `{` missing
  { code: 'MBP1016', body: 'count =' }, // value missing
  { code: 'MBP1016', body: 'retry = { attempts = , backoff = 10s }' },
  { code: 'MBP1015', body: 'count = 3 )' },
  { code: 'MBP1006', body: 'timeout = 30sec' },
  { code: 'MBP1019', body: 'a = 1 b = 2' },
  { code: 'MBP1021', body: 'let output = 1' },
  { code: 'MBP1002', body: 'name = "abc' },
  { code: 'MBP1022', body: 'param p: int = 1' },
  { code: 'MBP1014', body: 'step s = f(1, 2', header: 'workflow' },
  { code: 'MBP1010', body: 'pool = 10.0.0.1/24' },
  { code: 'MBP1013', body: 'step = f()', header: 'workflow' },
];

function declaration(m: Mistake, i: number): string {
  const body = `  before_${i} = 1\n  ${m.body}\n  after_${i} = 2`;
  return m.header === 'workflow'
    ? `workflow wf_${i}() {\n  step before_${i} = f()\n  ${m.body}\n  step after_${i} = g()\n}`
    : `infrastructure infra_${i} {\n${body}\n}`;
}

function entryNames(d: Declaration): string[] {
  if (d.kind !== 'Infrastructure' && d.kind !== 'Workflow') return [];
  return d.body.entries.map((e) => (e.kind === 'Hook' ? e.phase.text : e.name.text));
}

for (let k = 1; k <= 5; k++) {
  test(`${k} independent mistakes give exactly ${k} diagnostics, and the rest parses`, () => {
    for (let start = 0; start < MISTAKES.length; start++) {
      const chosen = Array.from({ length: k }, (_, j) => MISTAKES[(start + j) % MISTAKES.length]!);
      const parts: string[] = ['param workers: int = 4'];
      chosen.forEach((m, i) => {
        parts.push(declaration(m, i));
        parts.push(`let good_${i} = workers + ${i}`);
      });
      const text = parts.join('\n\n');
      const r = parse(text, 'k.mbp');
      assert.equal(
        codesOf(r),
        chosen.map((m) => m.code),
        `for mistakes ${chosen.map((m) => JSON.stringify(m.body)).join(', ')}:\n${r.diagnostics.map((d) => d.message).join('\n')}`,
      );
      // Each diagnostic points into the declaration holding its mistake.
      const broken = r.module.declarations.filter((d) => d.kind === 'Infrastructure' || d.kind === 'Workflow');
      assert.is(broken.length, k);
      r.diagnostics.forEach((d, i) => {
        const decl = broken[i]!;
        assert.ok(d.range.start >= decl.span.start && d.range.end <= decl.span.end, `diagnostic ${i} outside its declaration`);
        const names = entryNames(decl);
        assert.ok(names.includes(`before_${i}`) && names.includes(`after_${i}`), `entries kept: ${names.join(', ')}`);
      });
      // The good declarations between them all made it.
      const lets = r.module.declarations.filter((d) => d.kind === 'Let').map((d) => d.name.text);
      assert.equal(lets, chosen.map((_, i) => `good_${i}`));
    }
  });
}

test('an unclosed { is one diagnostic pointing at where it was opened', () => {
  const text = 'infrastructure a {\n  network wan {\n    kind = "wan"\n\nlet b = 1\n';
  const r = parse(text, 'u.mbp');
  assert.equal(codesOf(r), ['MBP1014']);
  const d = r.diagnostics[0]!;
  assert.is(d.message, 'unclosed `{`: expected `}`, found end of file');
  assert.equal(
    d.related.map((x) => [x.message, text.slice(x.range.start, x.range.end), x.range.start]),
    [
      ['`{` opened here', '{', text.indexOf('{', text.indexOf('wan'))],
      ['`{` opened here', '{', text.indexOf('{')],
    ],
  );
});

test('a declaration keyword inside an unclosed body ends it and parses at the top level', () => {
  const r = parse('infrastructure a {\n  x = 1\n\nworkflow w() {\n  step s = f()\n}\n', 'u.mbp');
  assert.equal(codesOf(r), ['MBP1014']);
  assert.equal(r.module.declarations.map((d) => d.kind), ['Infrastructure', 'Workflow']);
  assert.equal(r.diagnostics[0]!.related.length, 1);
});

test('an unclosed ( ends at a line starting with a declaration keyword', () => {
  const r = parse('let a = f(1,\nlet b = 2\noutput c = b', 'u.mbp');
  assert.equal(codesOf(r), ['MBP1014']);
  assert.match(r.diagnostics[0]!.message, 'unclosed `(`');
  assert.equal(r.module.declarations.map((d) => (d.kind === 'Let' || d.kind === 'Output' ? d.name.text : d.kind)), ['a', 'b', 'c']);
});

test('a broken value keeps its entry with an error placeholder', () => {
  const r = parse('infrastructure i {\n  count = (1 +)\n  boot = "pxe"\n}', 'u.mbp');
  const body = r.module.declarations[0]!.kind === 'Infrastructure' ? r.module.declarations[0]!.body : undefined;
  assert.equal(body?.entries.map((e) => e.kind === 'Attribute' && [e.name.text, e.value.kind]), [
    ['count', 'ErrorExpr'],
    ['boot', 'StringLit'],
  ]);
});

test('stray closing brackets are reported once each', () => {
  assert.equal(codesOf(parse('let a = 1\n}\nlet b = 2\n)', 'u')), ['MBP1015', 'MBP1015']);
});

test('top-level attributes get a hint to use let', () => {
  const r = parse('count = 3', 'u');
  assert.equal(codesOf(r), ['MBP1015']);
  assert.match(r.diagnostics[0]!.help ?? '', 'let count = ...');
});

test('an error after dropped characters is not reported twice', () => {
  assert.equal(codesOf(parse('let x = 1 @@ 2', 'u')), ['MBP1001']);
  assert.equal(codesOf(parse('let x = @@ 2', 'u')), ['MBP1001']);
  assert.equal(codesOf(parse('infrastructure i {\n  x = 1\n  /* never closed\n', 'u')), ['MBP1003']);
});

const INTERNALS = /Expecting|token of type|-->|\bEOF\b|Identifier|LCurly|RCurly|LParen|RParen|LBracket|RBracket|StringStart|StringEnd|Newline|Literal\b|BinaryOperator|PrefixOperator|[A-Z][a-z]+[A-Z]\w*Decl|NoViableAlt|MismatchedToken/;

test('no diagnostic message or help shows parser internals', () => {
  const inputs = [
    ...MISTAKES.map((m, i) => declaration(m, i)),
    'let', 'let x', 'let x =', 'param', 'param p', 'param p:', 'param p: list(', 'workflow', 'workflow w', 'workflow w(',
    'workflow w(a)', 'workflow w(a:', 'infrastructure', 'infrastructure i', 'infrastructure i {', 'import', 'import "a"',
    'import "a" as', 'secret', 'secret s:', 'os_template t', 'let x = f(', 'let x = [1', 'let x = {a', 'let x = {a =',
    'let x = a.', 'let x = a[', 'let x = a ?', 'let x = a ? b', 'let x = a ? b :', 'let x = [for', 'let x = [for a',
    'let x = [for a in', 'let x = [for a in b', 'let x = [for a in b:', 'let x = "${', 'let x = "${}"', 'let x = -',
    'let x = !', 'let x = 1 +', 'infrastructure i { on', 'infrastructure i { on x', 'infrastructure i { on x run',
    'infrastructure i { on x run y', 'infrastructure i { on x run y =', 'infrastructure i { step', 'infrastructure i { a b c',
    ')', ']', '}', ',', '=', '.', '1', '"s"', 'true', 'let x = = 1', 'let x = ) ', 'let 1 = 2', 'let "a" = 1',
  ];
  for (const input of inputs) {
    for (const d of parse(input, 'i.mbp').diagnostics) {
      assert.not.match(d.message, INTERNALS, `${JSON.stringify(input)} → ${d.message}`);
      assert.not.match(d.help ?? '', INTERNALS, `${JSON.stringify(input)} → ${d.help}`);
      assert.ok(d.code !== 'MBP9001', `${JSON.stringify(input)} → internal error ${d.message}`);
    }
  }
});

test.run();
