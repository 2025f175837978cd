import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, tokenize, type Token } from '../../grammar/index.ts';
import { codesOf, expr, exprNode } from './helpers.ts';

function types(source: string): string[] {
  return tokenize(source, 'test.mbp').tokens.map((t) => t.type);
}

function only(source: string): Token {
  const tokens = tokenize(source, 'test.mbp').tokens;
  assert.is(tokens.length, 1, `one token expected for ${source}, got ${tokens.map((t) => t.type).join(' ')}`);
  return tokens[0]!;
}

// ---- literal kinds -----------------------------------------------------------

test('integers', () => {
  assert.is(only('42').type, 'IntLiteral');
  assert.is(expr('0'), '(IntLit 0)');
  assert.is(expr('9007199254740991'), '(IntLit 9007199254740991)');
});

test('an integer out of range is one error', () => {
  const r = parse('let x = 9007199254740992', 't.mbp');
  assert.equal(codesOf(r), ['MBP1012']);
});

test('booleans and null are literals in expressions', () => {
  assert.is(expr('true'), '(BoolLit true)');
  assert.is(expr('false'), '(BoolLit false)');
  assert.is(expr('null'), '(NullLit)');
  assert.is(only('true').category, 'constant');
});

test('durations, simple and compound, in milliseconds', () => {
  for (const [text, ms] of [
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1d2h3m4s5ms', 93_784_005],
  ] as const) {
    assert.is(only(text).type, 'DurationLiteral', text);
    const node = exprNode(text);
    assert.is(node.kind, 'DurationLit', text);
    if (node.kind === 'DurationLit') assert.is(node.value, ms, text);
  }
});

test('duration units must go from largest to smallest', () => {
  const r = parse('let x = 30m1h', 't.mbp');
  assert.equal(codesOf(r), ['MBP1017']);
});

test('a fractional duration is one error with the exact replacement', () => {
  const r = parse('let x = 1.5h', 't.mbp');
  assert.equal(codesOf(r), ['MBP1017']);
  assert.is(r.diagnostics[0]!.fixes[0]?.edits[0]?.text, '1h30m');
});

test('sizes in bytes, binary and decimal', () => {
  for (const [text, bytes] of [
    ['512MiB', 512 * 2 ** 20],
    ['40GiB', 40 * 2 ** 30],
    ['2TiB', 2 * 2 ** 40],
    ['1KB', 1000],
    ['3MB', 3_000_000],
    ['4GB', 4e9],
    ['5TB', 5e12],
    ['7B', 7],
  ] as const) {
    assert.is(only(text).type, 'SizeLiteral', text);
    const node = exprNode(text);
    assert.is(node.kind, 'SizeLit', text);
    if (node.kind === 'SizeLit') assert.is(node.value, bytes, text);
  }
});

test('IPv4 addresses and CIDRs', () => {
  assert.is(only('10.0.0.1').type, 'Ipv4Literal');
  assert.is(expr('10.0.0.1'), '(IpLit 10.0.0.1)');
  assert.is(expr('10.0.0.0/24'), '(CidrLit 10.0.0.0/24)');
  assert.is(expr('0.0.0.0/0'), '(CidrLit 0.0.0.0/0)');
});

test('IPv6 addresses and CIDRs, canonicalised', () => {
  for (const [text, shown] of [
    ['::1', '(IpLit ::1)'],
    ['fe80::1', '(IpLit fe80::1)'],
    ['2001:db8::/48', '(CidrLit 2001:db8::/48)'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '(IpLit 2001:db8::1)'],
    ['1:2:3:4:5:6:7:8', '(IpLit 1:2:3:4:5:6:7:8)'],
  ]) {
    assert.is(only(text!).type, 'Ipv6Literal', text);
    assert.is(expr(text!), shown, text);
  }
});

test('an IPv6 literal does not swallow a conditional', () => {
  assert.is(expr('c ? a:b'), '(Conditional (Ref c) (Ref a) (Ref b))');
  assert.is(expr('c ? 1:2'), '(Conditional (Ref c) (IntLit 1) (IntLit 2))');
  assert.is(expr('c ? dead:beef'), '(Conditional (Ref c) (Ref dead) (Ref beef))');
  assert.is(expr('c ? ::1 : ::2'), '(Conditional (Ref c) (IpLit ::1) (IpLit ::2))');
});

test('invalid addresses are one error each', () => {
  assert.equal(codesOf(parse('let x = 256.1.1.1', 't')), ['MBP1007']);
  assert.equal(codesOf(parse('let x = 010.0.0.1', 't')), ['MBP1007']);
  assert.equal(codesOf(parse('let x = 1.2.3.4.5', 't')), ['MBP1007']);
  assert.equal(codesOf(parse('let x = fe80::1::2', 't')), ['MBP1008']);
  assert.equal(codesOf(parse('let x = fe80::1g', 't')), ['MBP1008']);
  assert.equal(codesOf(parse('let x = 10.0.0.0/33', 't')), ['MBP1009']);
  assert.equal(codesOf(parse('let x = ::/129', 't')), ['MBP1009']);
});

test('host bits set in a CIDR: an error with a fix-it to the network', () => {
  const r = parse('let x = 10.0.0.1/24', 't.mbp');
  assert.equal(codesOf(r), ['MBP1010']);
  const d = r.diagnostics[0]!;
  assert.equal(d.range, { start: 8, end: 19 });
  assert.equal(d.fixes[0]!.edits, [{ file: 't.mbp', range: { start: 8, end: 19 }, text: '10.0.0.0/24' }]);
  const v6 = parse('let x = 2001:db8::1/48', 't.mbp');
  assert.is(v6.diagnostics[0]!.fixes[0]!.edits[0]!.text, '2001:db8::/48');
});

test('127.1 and 0x7f000001 are not addresses: one clear error each', () => {
  for (const [text, suggestion] of [
    ['127.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
  ]) {
    const tokens = tokenize(`let x = ${text}`, 't.mbp');
    assert.is(tokens.tokens[3]!.type, 'MalformedNumber', text);
    const r = parse(`let x = ${text}`, 't.mbp');
    assert.equal(codesOf(r), ['MBP1011'], text);
    assert.match(r.diagnostics[0]!.message, text!);
    assert.match(r.diagnostics[0]!.help ?? '', suggestion!);
  }
  assert.equal(codesOf(parse('let x = 10.1.2', 't')), ['MBP1011']);
  assert.match(parse('let x = 10.1.2', 't').diagnostics[0]!.help ?? '', '10.1.0.2');
});

test('an unknown unit is one error with a suggestion and a fix-it', () => {
  for (const [text, unit, suggestion] of [
    ['30sec', 'sec', '30s'],
    ['40G', 'G', '40GiB'],
    ['5mins', 'mins', '5m'],
    ['2hrs', 'hrs', '2h'],
    ['10gib', 'gib', '10GiB'],
    ['1h30x', 'x', undefined],
  ] as const) {
    const r = parse(`let x = ${text}`, 't.mbp');
    assert.equal(codesOf(r), ['MBP1006'], text);
    const d = r.diagnostics[0]!;
    assert.match(d.message, `\`${unit}\``, text);
    if (suggestion !== undefined) {
      assert.match(d.help ?? '', `did you mean \`${suggestion}\`?`, text);
      assert.is(d.fixes[0]!.edits[0]!.text, suggestion, text);
    }
  }
});

test('a fractional size is one error', () => {
  const r = parse('let x = 1.5GiB', 't.mbp');
  assert.equal(codesOf(r), ['MBP1018']);
  assert.is(r.diagnostics[0]!.fixes[0]!.edits[0]!.text, '1536MiB');
});

// ---- strings ---------------------------------------------------------------------

test('strings: escapes, interpolation and literal ${', () => {
  assert.is(expr('"a\\tb\\n\\"\\\\\\$"'), '(StringLit (StringText "a\\tb\\n\\"\\\\$"))');
  assert.is(expr('"\\u{41}\\u{1F600}"'), '(StringLit (StringText "A😀"))');
  assert.is(expr('"a ${b} c"'), '(StringLit (StringText "a ") (Interpolation (Ref b)) (StringText " c"))');
  assert.is(expr('"cost: $5 $${x}"'), '(StringLit (StringText "cost: $5 ${x}"))');
});

test('nested braces inside an interpolation', () => {
  assert.is(
    expr('"${ {a = 1}.a }"'),
    '(StringLit (Interpolation (Member a (ObjectExpr (ObjectEntry a (IntLit 1))))))',
  );
  assert.is(
    expr('"x${ "y${ {k = "z"}.k }" }"'),
    '(StringLit (StringText "x") (Interpolation (StringLit (StringText "y") (Interpolation (Member k (ObjectExpr (ObjectEntry k (StringLit (StringText "z")))))))))',
  );
  assert.equal(
    types('"${ {a = 1}.a }"'),
    ['StringStart', 'InterpolationStart', 'LCurly', 'Identifier', 'Equals', 'IntLiteral', 'RCurly', 'Dot', 'Identifier', 'RCurly', 'StringEnd'],
  );
});

test('the } ending an interpolation is coloured as interpolation, a nested one as punctuation', () => {
  const tokens = tokenize('"${ {a = 1}.a }"', 't').tokens;
  const braces = tokens.filter((t) => t.type === 'RCurly').map((t) => t.category);
  assert.equal(braces, ['punctuation', 'interpolation']);
});

test('an invalid escape is one error', () => {
  for (const text of ['"\\q"', '"\\u{110000}"', '"\\u{D800}"', '"\\u41"']) {
    assert.equal(codesOf(parse(`let x = ${text}`, 't')), ['MBP1005'], text);
  }
});

test('multi-line strings: common indentation stripped, interpolation works', () => {
  const src = 'let x = """\n    #!/bin/sh\n      echo ${name}\n\n    done\n    """';
  assert.is(expr(src.slice(8)), '(StringLit (StringText "#!/bin/sh\\n  echo ") (Interpolation (Ref name)) (StringText "\\n\\ndone\\n"))');
});

test('multi-line strings: text on the opening line is kept, no trailing line break when closed inline', () => {
  assert.is(expr('"""one\n  two\n  three"""'), '(StringLit (StringText "one\\ntwo\\nthree"))');
  assert.is(expr('"""\n  a "quoted" \\n word\n"""'), '(StringLit (StringText "a \\"quoted\\" \\\\n word\\n"))');
  assert.is(expr('"""\n\t\tx\n\t\t\ty\n\t\t"""'), '(StringLit (StringText "x\\n\\ty\\n"))');
});

test('multi-line strings: an interpolation at a line start ends its indentation', () => {
  assert.is(expr('"""\n    ${a}\n      b\n    """'), '(StringLit (Interpolation (Ref a)) (StringText "\\n  b\\n"))');
});

test('unterminated strings, comments and interpolations are one error each and the next line still parses', () => {
  const cases: [string, string][] = [
    ['let a = "abc\nlet b = 2', 'MBP1002'],
    ['let a = "abc ${ d\nlet b = 2', 'MBP1004'],
    ['let a = "x${ "y\nlet b = 2', 'MBP1004'],
    ['let a = "${ {k = 1 }\nlet b = 2', 'MBP1004'],
  ];
  for (const [src, code] of cases) {
    const r = parse(src, 't.mbp');
    assert.equal(codesOf(r), [code], src);
    assert.equal(
      r.module.declarations.map((d) => d.kind === 'Let' && d.name.text),
      ['a', 'b'],
      src,
    );
  }
  assert.equal(codesOf(parse('let a = 1\n/* no end\nlet b = 2', 't')), ['MBP1003']);
  assert.equal(codesOf(parse('let a = """\nabc', 't')), ['MBP1020']);
  assert.equal(codesOf(parse('let a = "abc', 't')), ['MBP1002']);
});

// ---- characters, comments, keywords ------------------------------------------------

test('a run of unknown characters is one error', () => {
  const r = parse('let a = 1 @@@@ \nlet b = 2', 't.mbp');
  assert.equal(codesOf(r), ['MBP1001']);
  assert.equal(r.diagnostics[0]!.range, { start: 10, end: 14 });
  assert.is(r.diagnostics[0]!.message, 'unexpected character `@@@@`');
  assert.equal(codesOf(parse('let @ = 2', 't')), ['MBP1001']);
  assert.match(parse('let x = a & b', 't').diagnostics[0]!.help ?? '', '&&');
});

test('# is one error for the whole line', () => {
  const r = parse('# a comment, HCL style\nlet b = 2', 't.mbp');
  assert.equal(codesOf(r), ['MBP1028']);
  assert.is(r.module.declarations.length, 1);
});

test('comments go to their own list, not to the parser', () => {
  const r = tokenize('//! module\n/// doc\nlet x = 1 // trailing\n/* block */', 't.mbp');
  assert.equal(
    r.comments.map((c) => c.type),
    ['ModuleDocComment', 'DocComment', 'LineComment', 'BlockComment'],
  );
  assert.not.ok(r.tokens.some((t) => t.category === 'comment'));
  assert.is(r.comments[2]!.image, '// trailing');
});

test('only declaration keywords are reserved; soft keywords work as names', () => {
  for (const word of ['import', 'param', 'secret', 'let', 'output', 'os_template', 'workflow', 'infrastructure', 'on', 'run', 'step']) {
    assert.is(only(word).category, 'keyword', word);
    assert.equal(codesOf(parse(`let ${word} = 1`, 't')), ['MBP1021'], word);
  }
  for (const word of ['as', 'for', 'in', 'if', 'true', 'false', 'null']) {
    assert.equal(codesOf(parse(`infrastructure i {\n ${word} = 1\n}`, 't')), [], word);
  }
  // longer_alt: a keyword prefix is an identifier
  assert.equal(types('params outputs onwards steps'), ['Identifier', 'Identifier', 'Identifier', 'Identifier']);
});

// ---- line breaks -----------------------------------------------------------------------

test('line breaks do not end expressions inside brackets or after an operator', () => {
  assert.is(expr('f(\n  1,\n  2\n)'), '(Call (Ref f) (IntLit 1) (IntLit 2))');
  assert.is(expr('[\n 1,\n 2,\n]'), '(ListExpr (IntLit 1) (IntLit 2))');
  assert.is(expr('1 +\n 2'), '(Binary + (IntLit 1) (IntLit 2))');
  assert.is(expr('a\n  .b\n  .c'), '(Member c (Member b (Ref a)))');
  assert.is(expr('c\n ? 1\n : 2'), '(Conditional (Ref c) (IntLit 1) (IntLit 2))');
  assert.is(expr('{\n a = 1\n\n\n b = 2\n}'), '(ObjectExpr (ObjectEntry a (IntLit 1)) (ObjectEntry b (IntLit 2)))');
});

test('a value must start on the line of its `=`', () => {
  const r = parse('infrastructure i {\n count =\n template = x\n}', 't.mbp');
  assert.equal(codesOf(r), ['MBP1016']);
  assert.match(r.diagnostics[0]!.message, 'found end of line');
});

test('tokens carry UTF-16 offsets, end exclusive', () => {
  const text = 'let é = "ü😀" + x';
  const r = tokenize(text, 't');
  for (const t of r.tokens) assert.is(text.slice(t.start, t.end), t.image);
  assert.equal(codesOf(r), ['MBP1001']); // `é` is not a name character
});

test('tokenize reports literal problems too', () => {
  assert.equal(codesOf(tokenize('let x = 30sec', 't')), ['MBP1006']);
  assert.equal(codesOf(tokenize('let x = "\\q"', 't')), ['MBP1005']);
});

test.run();
