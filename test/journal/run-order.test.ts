import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { JournalWriter, listRuns, newRunId } from '../../runtime/journal/index.ts';
import { makeTempDir } from '../support/index.ts';

// Which run is the latest decides what `mbp apply` resumes: it must be the
// one started last, even when two runs start within the same second or the
// same millisecond and their random suffixes sort the other way.

const suffix = (byte: number) => () => Buffer.alloc(3, byte);

test('two runs started in the same millisecond: the latest is the one created last', async () => {
  const temp = makeTempDir();
  try {
    const clock = new ManualClock(Date.UTC(2026, 10, 27, 6, 17, 0, 250));
    // The first run draws the larger random suffix, so a sort on the suffix would pick it.
    const first = newRunId(new Date(clock.now()), suffix(0xff));
    const second = newRunId(new Date(clock.now()), suffix(0x00));
    for (const runId of [first, second]) await (await JournalWriter.create(temp.path, { runId, command: ['mbp', 'apply'] }, { clock })).close();
    assert.equal(
      listRuns(temp.path).map((r) => r.id),
      [second, first],
    );
    // A third, a millisecond later, with a middling suffix: newest again.
    await clock.advance(1);
    const third = newRunId(new Date(clock.now()), suffix(0x80));
    await (await JournalWriter.create(temp.path, { runId: third }, { clock })).close();
    assert.is(listRuns(temp.path)[0]?.id, third);
  } finally {
    temp.cleanup();
  }
});

test('journals with old ids (whole seconds) are ordered by their header start time', async () => {
  const temp = makeTempDir();
  try {
    // Same second; the later run's suffix sorts first.
    const runs = [
      { runId: '20261127T061700Z-ffffff', at: Date.UTC(2026, 10, 27, 6, 17, 0, 100) },
      { runId: '20261127T061700Z-000000', at: Date.UTC(2026, 10, 27, 6, 17, 0, 900) },
    ];
    for (const r of runs) await (await JournalWriter.create(temp.path, { runId: r.runId }, { clock: new ManualClock(r.at) })).close();
    assert.equal(
      listRuns(temp.path).map((r) => r.id),
      ['20261127T061700Z-000000', '20261127T061700Z-ffffff'],
    );
  } finally {
    temp.cleanup();
  }
});

test('a clock stepping back in the same process does not reorder its ids', () => {
  const late = newRunId(new Date(Date.UTC(2030, 0, 1, 0, 0, 0, 5)), suffix(0xff));
  const early = newRunId(new Date(Date.UTC(2030, 0, 1, 0, 0, 0, 4)), suffix(0x00));
  assert.ok(early > late, `${early} should sort after ${late}`);
});

test.run();
