import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, tokenize, walk } from '../../grammar/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const designExample = fs.readFileSync(path.join(here, 'design-example.mbp'), 'utf8');

/** What must hold for any input: no throw, no internal error, sane ranges, sorted diagnostics. */
function checkInvariants(text: string): void {
  const r = parse(text, 'fuzz.mbp');
  let last = -1;
  for (const d of r.diagnostics) {
    assert.ok(d.code !== 'MBP9001', `internal error for ${JSON.stringify(text)}: ${d.message}`);
    assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length, `bad range ${JSON.stringify(d.range)}`);
    assert.ok(d.range.start >= last, 'diagnostics are in source order');
    last = d.range.start;
    assert.not.match(d.message, /Expecting|token of type|-->/);
  }
  walk(r.module, (node) => {
    assert.ok(node.span.start >= 0 && node.span.start <= node.span.end && node.span.end <= text.length, `${node.kind} span`);
  });
  for (const t of r.tokens) assert.is(text.slice(t.start, t.end), t.image);
  const lexed = tokenize(text, 'fuzz.mbp');
  assert.is(lexed.tokens.length, r.tokens.length);
}

test('nasty inputs never throw', () => {
  const nasty = [
    '',
    '\n\n\n',
    '\uFEFF',
    '\0\u0001\u007f',
    '}}}}}',
    '{{{{{',
    ')]}"',
    '"${"${"${',
    '"""${"""${',
    '${}}}',
    '/*',
    '*/',
    '"\\',
    '"\\u{',
    '"\\u{FFFFFFFF}"',
    '"'.repeat(7),
    'let x = ' + '-'.repeat(5000) + '1',
    'let x = ' + '('.repeat(1000),
    'let x = ' + '{a = '.repeat(1000),
    'let x = ' + '"${'.repeat(1000),
    'infrastructure a {'.repeat(1000),
    'let x = ' + '1 + '.repeat(5000) + '1',
    'let x = a' + '.b'.repeat(5000),
    'let x = f' + '()'.repeat(5000),
    'a:'.repeat(5000),
    '1.'.repeat(5000),
    'fe80::' + ':'.repeat(5000),
    '\u{1F600}'.repeat(100),
    'let 😀 = "😀"',
    'infrastructure w{on y run m=',
    'infrastructure w{on y run m',
    'workflow w(a: int = ) { step s = }',
    'param p: object({ a = }) = 1',
    'os_template t { asset "${x}" { } }',
    'let x = 1\r\nlet y = 2\r',
    'infrastructure i {\n' + '  x = 1\n'.repeat(2000) + '}',
    designExample.replace(/}/g, ''),
    designExample.replace(/\{/g, ''),
    designExample.replace(/"/g, ''),
    designExample.replace(/\n/g, ' '),
    designExample.replace(/=/g, ''),
  ];
  for (const text of nasty) checkInvariants(text);
});

test('pathological inputs stay fast', () => {
  for (const text of ['a:'.repeat(20000), 'fe80'.repeat(20000), '1'.repeat(50000) + 'x', '\n' + ' '.repeat(50000) + 'x']) {
    const t0 = performance.now();
    parse(text, 'slow.mbp');
    assert.ok(performance.now() - t0 < 2000, `too slow on a ${text.length}-character input`);
  }
});

const ALPHABET = [
  'let ', 'param ', 'secret ', 'output ', 'infrastructure ', 'workflow ', 'os_template ', 'import ', 'on ', 'run ', 'step ',
  'for ', 'in ', 'if ', 'true', 'null', 'x', 'y', ' = ', '=', '{', '}', '(', ')', '[', ']', ',', '.', ':', '?', '+', '-',
  '!', '&&', '||', '==', '"', '"""', '${', '$${', '\\', '\n', ' ', '1', '30s', '2GiB', '10.0.0.0/24', '::1', '127.1',
  '40G', '//', '/*', '*/', '///', '#', '@', '\t',
];

test('random token soup never throws', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }), (parts) => {
      checkInvariants(parts.join(''));
    }),
    { numRuns: 400, seed: 20240601 },
  );
});

test('random edits of a valid blueprint never throw', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(designExample.length), fc.nat(8), fc.constantFrom('', '{', '}', '"', '(', ')', '\n', '=', ',', 'x', '$')), {
        minLength: 1,
        maxLength: 4,
      }),
      (edits) => {
        let text = designExample;
        for (const [at, remove, insert] of edits) {
          const i = Math.min(at, text.length);
          text = text.slice(0, i) + insert + text.slice(i + remove);
        }
        checkInvariants(text);
      },
    ),
    { numRuns: 200, seed: 42 },
  );
});

test('any arbitrary string never throws', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (text) => checkInvariants(text)),
    { numRuns: 300, seed: 7 },
  );
});

test.run();
