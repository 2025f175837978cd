import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectGolden, lineDiff, staleGoldens, withTempDir, UPDATE_GOLDEN_VARIABLE } from '../support/index.ts';

/** The golden-file helper every stage's golden tests use. */
function withUpdate<T>(value: string | undefined, fn: () => T): T {
  const before = process.env[UPDATE_GOLDEN_VARIABLE];
  if (value === undefined) delete process.env[UPDATE_GOLDEN_VARIABLE];
  else process.env[UPDATE_GOLDEN_VARIABLE] = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env[UPDATE_GOLDEN_VARIABLE];
    else process.env[UPDATE_GOLDEN_VARIABLE] = before;
  }
}

function failure(fn: () => void): Error & { details?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { details?: string };
  }
  throw new Error('expected a failure');
}

test('a missing golden file fails and is not created', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'a.txt');
    const e = withUpdate(undefined, () => failure(() => expectGolden(file, 'hello\n')));
    assert.match(e.message, /does not exist/);
    assert.match(e.message, /MBP_UPDATE_GOLDEN=1/);
    assert.not.ok(fs.existsSync(file));
  });
});

test('MBP_UPDATE_GOLDEN=1 writes the file (and its folder); then the same text passes', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'sub', 'a.txt');
    withUpdate('1', () => expectGolden(file, 'one\ntwo\n'));
    assert.is(fs.readFileSync(file, 'utf8'), 'one\ntwo\n');
    withUpdate(undefined, () => expectGolden(file, 'one\ntwo\n'));
    withUpdate('0', () => failure(() => expectGolden(file, 'other\n')));
  });
});

test('a mismatch fails with a unified diff and leaves the file alone', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'alpha\nbeta\ngamma\n');
    const e = withUpdate(undefined, () => failure(() => expectGolden(file, 'alpha\nBETA\ngamma\ndelta\n')));
    assert.match(e.message, /differs from golden file/);
    assert.match(e.details ?? '', /^-beta$/m);
    assert.match(e.details ?? '', /^\+BETA$/m);
    assert.match(e.details ?? '', /^\+delta$/m);
    assert.match(e.details ?? '', /^ alpha$/m);
    assert.is(fs.readFileSync(file, 'utf8'), 'alpha\nbeta\ngamma\n');
  });
});

test('a difference in the final newline or a CR is visible in the diff', () => {
  const diff = lineDiff('a\nb\n', 'a\nb');
  assert.match(diff, /no newline at end/);
  assert.match(lineDiff('a\n', 'a\r\n'), /␍/);
  assert.is(lineDiff('same\n', 'same\n').split('\n').filter((l) => /^[-+][^-+]/.test(l)).length, 0);
});

test('the diff shows hunks with context, not whole files', () => {
  const before = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  const after = before.replace('line 25\n', 'line twenty-five\n');
  const diff = lineDiff(before, after);
  assert.match(diff, /@@ expected line 22, actual line 22 @@/);
  assert.not.match(diff, /line 10$/m);
  assert.match(diff, /^-line 25$/m);
  assert.match(diff, /^\+line twenty-five$/m);
});

test('stale golden files are listed, and deleted only when updating', () => {
  withTempDir((dir) => {
    for (const name of ['a.ast.json', 'gone.ast.json', 'a.mbp']) fs.writeFileSync(path.join(dir, name), '');
    const isGolden = (n: string) => n.endsWith('.ast.json');
    const stale = withUpdate(undefined, () => staleGoldens(dir, isGolden, new Set(['a.ast.json'])));
    assert.equal(stale, [path.join(dir, 'gone.ast.json')]);
    assert.equal(withUpdate('1', () => staleGoldens(dir, isGolden, new Set(['a.ast.json']))), []);
    assert.equal(fs.readdirSync(dir).sort(), ['a.ast.json', 'a.mbp']);
  });
});

test.run();
