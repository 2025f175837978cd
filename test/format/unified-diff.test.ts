import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unifiedDiff } from '../../compiler/format/index.ts';

// The diff `mbp fmt --diff` prints: checked by applying it back, as `patch` would.

/** Applies a unified diff to `original`, checking every context and removed line against it. */
function applyPatch(original: string, diff: string): string {
  const old = original.split(/(?<=\n)/).filter((l) => l !== '');
  const lines = diff.split(/(?<=\n)/);
  assert.match(lines[0] ?? '', /^--- /);
  assert.match(lines[1] ?? '', /^\+\+\+ /);
  const out: string[] = [];
  let at = 0; // next old line to copy
  let i = 2;
  while (i < lines.length) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n$/.exec(lines[i]!);
    assert.ok(header, `hunk header expected: ${lines[i]}`);
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const oldStart = oldCount === 0 ? Number(header[1]) : Number(header[1]) - 1;
    assert.ok(oldStart >= at, 'hunks in order, not overlapping');
    out.push(...old.slice(at, oldStart));
    at = oldStart;
    i++;
    let seenOld = 0;
    let seenNew = 0;
    const newCount = header[4] === undefined ? 1 : Number(header[4]);
    while (i < lines.length && !lines[i]!.startsWith('@@')) {
      const line = lines[i]!;
      let body = line.slice(1);
      if (lines[i + 1]?.startsWith('\\ No newline at end of file')) {
        body = body.slice(0, -1);
        i++;
      }
      if (line[0] === ' ' || line[0] === '-') {
        assert.is(old[at], body, 'context and removed lines match the original');
        at++;
        seenOld++;
      }
      if (line[0] === ' ' || line[0] === '+') {
        out.push(body);
        seenNew++;
      }
      i++;
    }
    assert.is(seenOld, oldCount, 'old line count of the hunk');
    assert.is(seenNew, newCount, 'new line count of the hunk');
  }
  out.push(...old.slice(at));
  return out.join('');
}

test('equal texts give no diff', () => {
  assert.is(unifiedDiff('a\nb\n', 'a\nb\n', 'a/x', 'b/x'), '');
});

test('a change in the middle of a long file: one hunk with three lines of context', () => {
  const before = Array.from({ length: 20 }, (_, k) => `line ${k + 1}\n`).join('');
  const after = before.replace('line 10\n', 'line ten\n');
  assert.is(
    unifiedDiff(before, after, 'a/x.mbp', 'b/x.mbp'),
    '--- a/x.mbp\n+++ b/x.mbp\n@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n',
  );
});

test('changes far apart give separate hunks; close ones share one', () => {
  const before = Array.from({ length: 30 }, (_, k) => `${k + 1}\n`).join('');
  const far = before.replace('2\n', 'two\n').replace('25\n', 'twenty-five\n');
  assert.is(unifiedDiff(before, far, 'a', 'b').match(/^@@/gm)?.length, 2);
  const close = before.replace('2\n', 'two\n').replace('8\n', 'eight\n');
  assert.is(unifiedDiff(before, close, 'a', 'b').match(/^@@/gm)?.length, 1);
});

test('a missing final newline is marked', () => {
  const diff = unifiedDiff('let a = 1', 'let a = 1\n', 'a/x', 'b/x');
  assert.is(diff, '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-let a = 1\n\\ No newline at end of file\n+let a = 1\n');
  assert.is(applyPatch('let a = 1', diff), 'let a = 1\n');
});

test('CRLF to LF: every line changes, and the patch still applies', () => {
  const before = 'a\r\nb\r\n';
  assert.is(applyPatch(before, unifiedDiff(before, 'a\nb\n', 'a', 'b')), 'a\nb\n');
});

test('property: applying the diff to the old text gives the new text', () => {
  const line = fc.constantFrom('a\n', 'b\n', 'c\n', '  d\n', '\n', 'x');
  const text = fc.array(line, { maxLength: 40 }).map((ls) => ls.join(''));
  fc.assert(
    fc.property(text, text, (before, after) => {
      const diff = unifiedDiff(before, after, 'a/f', 'b/f');
      assert.is(diff === '', before === after);
      if (diff !== '') assert.is(applyPatch(before, diff), after);
    }),
    { numRuns: 300 },
  );
});

test.run();
