import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CODE_RANGES, CODES } from '../../compiler/diagnostics/index.ts';
import { parse } from '../../grammar/index.ts';
import { codesOf } from './helpers.ts';

/** One input per syntax code: each must produce exactly that code and nothing else. */
const TRIGGERS: Readonly<Record<string, string>> = {
  MBP1001: 'let x = 1 ~',
  MBP1002: 'let x = "abc\nlet y = 1',
  MBP1003: 'let x = 1 /* no end',
  MBP1004: 'let x = "a ${b\nlet y = 1',
  MBP1005: 'let x = "\\q"',
  MBP1006: 'let x = 30sec',
  MBP1007: 'let x = 300.1.1.1',
  MBP1008: 'let x = 1::2::3',
  MBP1009: 'let x = 10.0.0.0/40',
  MBP1010: 'let x = 10.0.0.1/24',
  MBP1011: 'let x = 127.1',
  MBP1012: 'let x = 123456789012345678901',
  MBP1013: 'let x 1',
  MBP1014: 'let x = (1',
  MBP1015: 'let x = 1\n)',
  MBP1016: 'let x = *',
  MBP1017: 'let x = 1m1h',
  MBP1018: 'let x = 0.5KiB',
  MBP1019: 'infrastructure i { a = 1 b = 2 }',
  MBP1020: 'let x = """\nabc',
  MBP1021: 'let step = 1',
  MBP1022: 'infrastructure i {\n  secret s\n}',
  MBP1023: 'param p: integer',
  MBP1024: 'let x = f(a = 1, 2)',
  MBP1025: 'let x = f(a = 1, a = 2)',
  MBP1026: 'let x = { a = 1, a = 2 }',
  MBP1027: 'import "${dir}/x.mbp" as x',
  MBP1028: '# comment\nlet x = 1',
  MBP1029: 'let x = 1ms2',
  MBP1030: 'param p: map',
  MBP1031: 'let x = ' + '['.repeat(300),
  MBP1032: 'let x = ' + '-'.repeat(300) + '1',
};

test('every syntax code is emitted, alone, by its trigger', () => {
  // MBP1050–1099 belong to another part of the compiler.
  const syntaxCodes = Object.keys(CODES).filter((c) => /^MBP10[0-4]\d$/.test(c));
  assert.equal(Object.keys(TRIGGERS).sort(), syntaxCodes.sort());
  for (const [code, input] of Object.entries(TRIGGERS)) {
    const r = parse(input, 'codes.mbp');
    assert.equal(codesOf(r), [code], `${code} from ${JSON.stringify(input.slice(0, 40))}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  }
});

test('syntax codes stay in MBP1001–MBP1049 and have a title and message', () => {
  const range = CODE_RANGES.find((r) => 'MBP1001' in r)!;
  for (const [code, entry] of Object.entries(range)) {
    const n = Number(code.slice(3));
    assert.ok(n >= 1001 && n <= 1049, code);
    assert.ok(entry.title.length > 0 && entry.message.length > 0, code);
    assert.is(entry.severity, 'error', code);
  }
  assert.ok(Object.keys(range).length >= 12);
});

test.run();
