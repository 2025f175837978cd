import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendRecord, isRunId, JournalCorruptError, JournalWriter, listRuns, newRunId, parseJournal, readRun, runIdTime, RunNotFoundError } from '../../runtime/journal/index.ts';

const start = '{"type":"step-start","id":"a","attempt":1,"idempotent":true,"at":1}';
const end = '{"type":"step-end","id":"a","attempt":1,"outcome":"succeeded","outputs":{},"ms":0,"at":2}';

test('a clean journal reads whole', () => {
  const r = parseJournal(`${start}\n${end}\n`);
  assert.is(r.torn, false);
  assert.equal(
    r.records.map((x) => x.type),
    ['step-start', 'step-end'],
  );
  assert.equal(parseJournal(''), { records: [], torn: false });
});

test('a torn last line (the writer was killed mid-write) is dropped', () => {
  const cut = `${start}\n${end.slice(0, 30)}`;
  const r = parseJournal(cut);
  assert.is(r.torn, true);
  assert.equal(
    r.records.map((x) => x.type),
    ['step-start'],
  );
  // A cut that happens to end on a closing brace is still not a finished line.
  assert.is(parseJournal(`${start}\n{"type":"log","id":"a","line":"x}"}`).torn, true);
  // Without fsync a power loss can leave zeros where the last line was.
  const zeros = parseJournal(`${start}\n${'\u0000'.repeat(20)}\n`);
  assert.is(zeros.torn, true);
  assert.is(zeros.records.length, 1);
});

test('damage before the last line is an error naming the line', () => {
  assert.throws(
    () => parseJournal(`${start}\n{not json\n${end}\n`, 'runs/x.jsonl'),
    (e: unknown) => e instanceof JournalCorruptError && e.line === 2 && /runs\/x\.jsonl:2: the run journal is damaged/.test(e.message),
  );
  assert.throws(() => parseJournal(`${start}\n\n${end}\n`), /an empty line/);
  assert.throws(() => parseJournal(`[1,2]\n${end}\n`), (e: unknown) => e instanceof JournalCorruptError && e.line === 1);
});

test('run ids carry the start time to the millisecond and sort by it', () => {
  const a = newRunId(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)), () => Buffer.from([1, 2, 3]));
  assert.match(a, /^20250102T030405\.678Z-\d{4}-010203$/);
  assert.is(runIdTime(a), Date.UTC(2025, 0, 2, 3, 4, 5, 678));
  const b = newRunId(new Date(Date.UTC(2025, 0, 2, 3, 4, 6)));
  assert.ok(a < b);
  assert.match(b, /^20250102T030406\.000Z-0000-[0-9a-f]{6}$/);
  // Ids of the old format (whole seconds) still list and still carry their time.
  assert.ok(isRunId('20250102T030405Z-3fa9c1'));
  assert.is(runIdTime('20250102T030405Z-3fa9c1'), Date.UTC(2025, 0, 2, 3, 4, 5));
  assert.is(runIdTime('my-run'), undefined);
});

test('listRuns and readRun: newest first, states, step histories, a torn journal still listed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  try {
    assert.equal(listRuns(dir), []);
    const old = await JournalWriter.create(dir, { runId: '20250101T000000Z-aaaaaa', command: ['mbp', 'apply'] });
    old.append({ type: 'step-start', id: 'x', attempt: 1, idempotent: true, at: 10 });
    old.append({ type: 'step-end', id: 'x', attempt: 1, outcome: 'failed', error: 'boom', retryInMs: 5, ms: 3, at: 13 });
    old.append({ type: 'step-start', id: 'x', attempt: 2, idempotent: true, at: 18 });
    old.append({ type: 'log', id: 'x', attempt: 2, line: 'ok now', at: 19 });
    old.append({ type: 'step-end', id: 'x', attempt: 2, outcome: 'succeeded', outputs: { v: 1 }, ms: 2, at: 20 });
    old.append({ type: 'step-skip', id: 'y', kind: 'dependency', reason: 'needs z, which failed', at: 20 });
    await old.end({ status: 'failed', counts: { succeeded: 1, failed: 0, skipped: 1, interrupted: 0, 'not-started': 0 }, at: 21 });
    const killed = await JournalWriter.create(dir, { runId: '20250102T000000Z-bbbbbb' });
    killed.append({ type: 'step-start', id: 'x', attempt: 1, idempotent: false, at: 30 });
    await killed.close();
    fs.appendFileSync(killed.path, '{"type":"step-e');

    const runs = listRuns(dir);
    assert.equal(
      runs.map((r) => [r.id, r.state, r.torn, r.steps]),
      [
        ['20250102T000000Z-bbbbbb', 'incomplete', true, { running: 1 }],
        ['20250101T000000Z-aaaaaa', 'failed', false, { succeeded: 1, skipped: 1 }],
      ],
    );
    assert.equal(runs[1]?.header?.command, ['mbp', 'apply']);

    const shown = readRun(dir, '20250101T000000Z-aaaaaa');
    assert.is(shown.endedAt, 21);
    assert.equal(shown.stepHistory, [
      {
        id: 'x',
        final: 'succeeded',
        attempts: [
          { attempt: 1, startedAt: 10, endedAt: 13, outcome: 'failed', durationMs: 3, error: 'boom' },
          { attempt: 2, startedAt: 18, endedAt: 20, outcome: 'succeeded', durationMs: 2 },
        ],
        outputs: { v: 1 },
        logs: ['ok now'],
      },
      { id: 'y', final: 'skipped', attempts: [], logs: [], reason: 'needs z, which failed' },
    ]);
    assert.throws(() => readRun(dir, '20990101T000000Z-cccccc'), (e: unknown) => e instanceof RunNotFoundError && /mbp runs/.test(e.message));
    assert.throws(() => readRun(dir, '../../etc/passwd'), (e: unknown) => e instanceof RunNotFoundError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a resolution appended after a run-end reopens the run; a torn last line is cut off first', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  try {
    const j = await JournalWriter.create(dir, { runId: '20250101T000000.000Z-0000-aaaaaa', command: ['mbp', 'apply'] });
    j.append({ type: 'step-start', id: 'post', attempt: 1, idempotent: false, at: 1 });
    await j.end({ status: 'failed', counts: { succeeded: 0, failed: 0, skipped: 1, interrupted: 0, 'not-started': 0 }, at: 2 });
    await j.close();
    assert.is(listRuns(dir)[0]?.state, 'failed');
    fs.appendFileSync(j.path, '{"type":"log","id":"po');
    appendRecord(j.path, { type: 'step-resolved', id: 'post', resolution: 'not-done', who: 'ann', at: 3 });
    const run = readRun(dir, '20250101T000000.000Z-0000-aaaaaa');
    assert.is(run.torn, false, 'the torn line is gone, the new one whole');
    assert.is(run.records.at(-1)?.type, 'step-resolved');
    assert.is(run.state, 'interrupted');
    assert.is(run.stepHistory[0]?.final, 'resolved');
    assert.match(run.stepHistory[0]?.reason ?? '', /marked not done.*by ann/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
