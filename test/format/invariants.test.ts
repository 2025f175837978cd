import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { format } from '../../compiler/format/index.ts';
import { parse, type Module, type Token } from '../../grammar/index.ts';
import { allInputs } from './inputs.ts';

// Properties of the formatter over every example and every golden case:
// idempotent, the syntax tree unchanged, every comment kept in order, the
// output clean, and one canonical layout whatever the input's spacing.

const inputs = allInputs().filter(({ file, text }) => {
  // An example being edited with a syntax error says nothing about formatting.
  const valid = !parse(text, file).diagnostics.some((d) => d.severity === 'error');
  if (!valid && file.startsWith('test/format/')) throw new Error(`golden case ${file} has syntax errors`);
  return valid;
});

test('the properties are checked on the examples and the cases', () => {
  assert.ok(inputs.some((i) => i.file.startsWith('examples/')), 'no example found');
  assert.ok(inputs.filter((i) => i.file.startsWith('test/format/cases/')).length >= 16, 'cases missing');
});

/** The tree without positions; doc text without trailing spaces (the formatter trims every line). */
function shape(module: Module): string {
  return JSON.stringify(module, (key, value: unknown) => {
    if (key === 'span' || key === 'opSpan') return undefined;
    if (key === 'doc' && typeof value === 'string') return value.replace(/[ \t]+$/gm, '');
    return value;
  });
}

/** A comment's text as the formatter must keep it: lines trimmed (a block comment may move left or right as a whole). */
function commentTexts(text: string): string[] {
  return parse(text, 'x.mbp').comments.map((c) =>
    c.image
      .split(/\r\n?|\n/)
      .map((line, k) => (k === 0 ? line.trimEnd() : line.trim()))
      .join('\n'),
  );
}

for (const { file, text } of inputs) {
  const once = format(text, file);

  test(`${file}: formatting is idempotent`, () => {
    assert.equal(once.diagnostics, []);
    const twice = format(once.text, file);
    assert.is(twice.changed, false);
    assert.fixture(twice.text, once.text);
  });

  test(`${file}: the syntax tree is unchanged`, () => {
    const after = parse(once.text, file);
    assert.equal(after.diagnostics, []);
    assert.is(shape(after.module), shape(parse(text, file).module));
  });

  test(`${file}: every comment is kept, in order`, () => {
    assert.equal(commentTexts(once.text), commentTexts(text));
  });

  test(`${file}: LF line endings, a final newline, no trailing spaces or extra blank lines outside strings`, () => {
    const out = once.text;
    assert.not.match(out, '\r');
    assert.ok(out.endsWith('\n') && !out.endsWith('\n\n'), 'one final newline');
    const heredocs = parse(out, file).tokens.filter((t) => t.type === 'HeredocText');
    const inHeredoc = (offset: number): boolean => heredocs.some((t) => t.start <= offset && offset < t.end);
    for (const m of out.matchAll(/[ \t]+\n/g)) {
      assert.ok(inHeredoc(m.index), `trailing whitespace at offset ${m.index}`);
    }
    for (const m of out.matchAll(/\n\n\n/g)) assert.ok(inHeredoc(m.index + 1), `two blank lines at offset ${m.index}`);
    for (const m of out.matchAll(/^(\s*)/gm)) assert.not.match(m[1]!, '\t');
  });
}

// ---- one canonical layout: the spacing of the input does not matter ------------------

interface Atom {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** Code tokens and comments in order; a `"""` string (with all it contains) is one atom. */
function atoms(text: string): Atom[] {
  const parsed = parse(text, 'x.mbp');
  const tokens = parsed.tokens.filter((t) => t.type !== 'Newline');
  const out: Atom[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t: Token = tokens[i]!;
    if (t.type !== 'HeredocStart') {
      out.push(t);
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < tokens.length; j++) {
      if (tokens[j]!.type === 'HeredocStart') depth++;
      if (tokens[j]!.type === 'HeredocEnd' && --depth === 0) break;
    }
    out.push({ type: 'Heredoc', start: t.start, end: tokens[j]!.end });
    i = j;
  }
  for (const c of parsed.comments) {
    if (!out.some((a) => a.type === 'Heredoc' && a.start < c.start && c.start < a.end)) out.push(c);
  }
  return out.sort((a, b) => a.start - b.start);
}

const STRING_RIGHT = new Set(['StringText', 'StringEscape', 'DollarEscape', 'StringEnd', 'InterpolationStart']);
const STRING_LEFT = new Set(['StringStart', 'StringText', 'StringEscape', 'DollarEscape']);

/** A small deterministic generator, so a failing run can be replayed from fast-check's seed. */
function chooser(seed: number): <T>(options: readonly T[]) => T {
  let s = seed >>> 0;
  return (options) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return options[((r ^ (r >>> 14)) >>> 0) % options.length]!;
  };
}

/** Rewrites every gap between atoms: other spaces and tabs, CRLF or LF, other indentation, more blank lines. */
function respace(text: string, seed: number): string {
  const pick = chooser(seed);
  const list = atoms(text);
  const braces: boolean[] = []; // true: the brace opened an interpolation
  let out = '';
  let prev: Atom | undefined;
  let prevClosedInterpolation = false;
  for (const atom of [...list, undefined]) {
    const from = prev?.end ?? 0;
    const to = atom?.start ?? text.length;
    const gap = text.slice(from, to);
    const breaks = (gap.match(/\r\n?|\n/g) ?? []).length;
    const inString =
      (atom !== undefined && STRING_RIGHT.has(atom.type)) || (prev !== undefined && STRING_LEFT.has(prev.type)) || prevClosedInterpolation;
    if (breaks === 0) {
      out += inString || prev === undefined ? gap : gap === '' ? pick(['', ' ']) : pick([' ', '   ', '\t', ' \t ']);
    } else {
      const eol = (): string => pick(['', ' ', '\t ']) + pick(['\n', '\r\n']);
      let replaced = eol();
      if (breaks >= 2) for (let k = pick([1, 2]); k > 0; k--) replaced += eol();
      const multiLineComment = atom !== undefined && atom.type === 'BlockComment' && text.slice(atom.start, atom.end).includes('\n');
      // Such a comment keeps its inner lines where they are, so it keeps its column too.
      replaced += multiLineComment ? gap.slice(gap.search(/[^\r\n]*$/)) : pick(['', '  ', '\t', '      ', ' \t']);
      out += replaced;
    }
    if (atom === undefined) break;
    out += text.slice(atom.start, atom.end);
    prevClosedInterpolation = false;
    if (atom.type === 'LCurly') braces.push(false);
    else if (atom.type === 'InterpolationStart') braces.push(true);
    else if (atom.type === 'RCurly') prevClosedInterpolation = braces.pop() === true;
    prev = atom;
  }
  return out;
}

for (const { file, text } of inputs.filter((i) => !i.file.endsWith('.formatted.mbp'))) {
  test(`${file}: the layout does not depend on the input's spacing`, () => {
    const expected = format(text, file).text;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const respaced = respace(text, seed);
        const result = format(respaced, file);
        assert.equal(result.diagnostics, [], 'respacing must keep the file valid');
        assert.fixture(result.text, expected);
      }),
      { numRuns: 15 },
    );
  });
}

/** Adds comments everywhere they can go: a block comment in any gap between code tokens, a line comment at line ends. */
function sprinkleComments(text: string, seed: number): string {
  const pick = chooser(seed);
  const list = atoms(text);
  let out = '';
  let from = 0;
  let n = 0;
  for (let k = 0; k < list.length; k++) {
    const prev = list[k - 1];
    const atom = list[k]!;
    const gap = text.slice(from, atom.start);
    // After the `}` of an interpolation comes string text or the string's end: STRING_RIGHT covers it.
    const inString = STRING_RIGHT.has(atom.type) || (prev !== undefined && STRING_LEFT.has(prev.type));
    const breaks = /\r\n?|\n/.test(gap);
    const choice = inString || prev === undefined ? 'none' : pick(breaks ? ['none', 'none', 'line', 'block'] : ['none', 'none', 'none', 'block']);
    if (choice === 'block') out += ` /* c${++n} */ ` + gap;
    else if (choice === 'line') out += ` // c${++n}` + gap;
    else out += gap;
    out += text.slice(atom.start, atom.end);
    from = atom.end;
  }
  return out + text.slice(from);
}

for (const { file, text } of inputs.filter((i) => !i.file.endsWith('.formatted.mbp'))) {
  test(`${file}: comments anywhere are kept, in order, and formatting stays idempotent`, () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const commented = sprinkleComments(text, seed);
        const once = format(commented, file);
        assert.equal(once.diagnostics, [], 'the commented file formats without problems');
        assert.equal(commentTexts(once.text), commentTexts(commented));
        assert.is(shape(parse(once.text, file).module), shape(parse(commented, file).module));
        assert.fixture(format(once.text, file).text, once.text);
      }),
      { numRuns: 10 },
    );
  });
}

test('respacing and sprinkling comments really change the text (the properties above are not vacuous)', () => {
  const sample = inputs.find((i) => i.file.endsWith('spacing.mbp'))!;
  const variants = new Set([1, 2, 3, 4].map((seed) => respace(sample.text, seed)));
  assert.is(variants.size, 4);
  for (const v of variants) assert.is.not(v, sample.text);
  const commented = sprinkleComments(sample.text, 1);
  assert.ok(parse(commented, 'x.mbp').comments.length > parse(sample.text, 'x.mbp').comments.length + 10);
});

test.run();
