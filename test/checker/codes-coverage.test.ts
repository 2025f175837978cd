import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CODE_RANGES } from '../../compiler/diagnostics/index.ts';
import { filesBelow, readAnnotations, repoPath } from '../support/index.ts';

/**
 * Every MBP2001–MBP2089 code of the checker has a failing case (an input
 * whose annotations expect it) and a passing one (an input expected clean
 * whose `// clean:` line names the code). Codes only a command line can
 * produce are covered by the tests named here, which must mention them.
 */
const INPUTS = [...filesBelow(repoPath('test', 'checker', 'cases')), ...filesBelow(repoPath('test', 'binder', 'fixtures'))];

const ELSEWHERE: Readonly<Record<string, string>> = {
  MBP2004: 'test/binder/binder.test.ts',
  MBP2032: 'test/checker/params.test.ts',
  MBP2033: 'test/checker/params.test.ts',
  MBP2034: 'test/checker/params.test.ts',
  MBP2060: 'test/checker/params.test.ts',
};

const ours = CODE_RANGES.flatMap((table) => Object.keys(table)).filter((c) => /^MBP20[0-8]\d$/.test(c));

test('the checker owns codes in MBP2001–MBP2089', () => {
  assert.ok(ours.length >= 40, `found ${ours.length}`);
});

test('every code has a failing case', () => {
  const expected = new Set(INPUTS.flatMap((f) => readAnnotations(f).expectations.map((e) => e.code)));
  const missing = ours.filter((c) => !expected.has(c) && !ELSEWHERE[c]);
  assert.equal(missing, [], 'codes no case expects');
  for (const [code, file] of Object.entries(ELSEWHERE)) {
    assert.ok(fs.readFileSync(repoPath(file), 'utf8').includes(code), `${file} should test ${code}`);
  }
});

test('every code has a passing case', () => {
  const clean = new Set<string>();
  for (const file of INPUTS) {
    const text = fs.readFileSync(file, 'utf8');
    const line = /^\/\/ clean: (.*)$/m.exec(text);
    if (!line) continue;
    assert.ok(readAnnotations(file).none, `${path.basename(file)} lists clean codes but is not \`// expect none\``);
    for (const code of line[1]!.split(/\s+/)) clean.add(code);
  }
  const missing = ours.filter((c) => !clean.has(c) && !ELSEWHERE[c]);
  assert.equal(missing, [], 'codes no clean case names');
});

test.run();
