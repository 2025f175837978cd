import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { execute, type ExecNode } from '../../runtime/executor/index.ts';
import {
  journalObserver,
  JournalWriter,
  nodeJournalFs,
  parseJournal,
  readJournalFile,
  REDACTED,
  runEndOf,
  type JournalFs,
  type JournalRecord,
} from '../../runtime/journal/index.ts';

let dir = '';
test.before.each(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
});
test.after.each(() => fs.rmSync(dir, { recursive: true, force: true }));

const header = {
  runId: '20250601T120000Z-abc123',
  who: 'ops',
  host: 'runner-1',
  pid: 4242,
  cwd: '/srv/infra',
  command: ['mbp', 'apply', 'edge.mbp'],
  blueprint: { path: 'edge.mbp', sha256: 'f'.repeat(64) },
  params: { workers: 4, region: 'dc-east', api_key: 'hunter2' },
  secretParams: ['api_key'],
};

function records(file: string): JournalRecord[] {
  return [...readJournalFile(file).records];
}

test('the journal file: header, a record before and after each step, skips, logs, commits, run end', async () => {
  const clock = new ManualClock(Date.UTC(2025, 5, 1, 12, 0, 0));
  const journal = await JournalWriter.create(dir, header, { clock });
  assert.is(journal.path, path.join(dir, 'runs', `${header.runId}.jsonl`));
  const seenBeforeEffect: string[] = [];
  let attempts = 0;
  const nodes: ExecNode[] = [
    {
      id: 'edge/vips',
      idempotent: true,
      async run(ctx) {
        ctx.log('reserved 10.0.0.9');
        await clock.sleep(40);
        return { address: '10.0.0.9', token: 's3cret' };
      },
    },
    {
      id: 'edge/notify',
      needs: ['edge/vips'],
      idempotent: false,
      check: 'whether hooks.example received the notification',
      retry: { attempts: 2, backoffMs: 100 },
      async run() {
        // The step-start record of this very attempt must already be in the file.
        const starts = records(journal.path).filter((r) => r.type === 'step-start' && r.id === 'edge/notify');
        seenBeforeEffect.push(starts.map((r) => (r.type === 'step-start' ? r.attempt : 0)).join(','));
        if (++attempts === 1) throw new Error('503 from hooks.example');
        return {};
      },
    },
    { id: 'edge/never', needs: ['edge/gone'], idempotent: true, run: async () => ({}) },
    { id: 'edge/gone', idempotent: true, run: async () => Promise.reject(new Error('no such server')) },
  ];
  const observer = journalObserver(journal, { maskOutputs: (_id, o) => ('token' in o ? { ...o, token: '***' } : o) });
  const result = await clock.runUntil(execute(nodes, { clock, observers: [observer] }));
  journal.commit('reserve', 17, clock.now(), 'srv-0042');
  await journal.end(runEndOf(result, clock.now()));

  assert.equal(seenBeforeEffect, ['1', '1,2']);
  const text = fs.readFileSync(journal.path, 'utf8');
  assert.ok(text.endsWith('\n'));
  assert.not.match(text, /hunter2|s3cret/);
  const recs = parseJournal(text).records;
  const t0 = Date.UTC(2025, 5, 1, 12, 0, 0);
  assert.equal(recs[0], {
    type: 'header',
    format: 1,
    run: header.runId,
    who: 'ops',
    host: 'runner-1',
    pid: 4242,
    cwd: '/srv/infra',
    command: ['mbp', 'apply', 'edge.mbp'],
    blueprint: header.blueprint,
    params: { workers: 4, region: 'dc-east', api_key: REDACTED },
    startedAt: '2025-06-01T12:00:00.000Z',
    at: t0,
  });
  assert.equal(recs.slice(1), [
    { type: 'step-start', id: 'edge/vips', attempt: 1, idempotent: true, at: t0 },
    { type: 'step-start', id: 'edge/gone', attempt: 1, idempotent: true, at: t0 },
    { type: 'log', id: 'edge/vips', attempt: 1, line: 'reserved 10.0.0.9', at: t0 },
    { type: 'step-end', id: 'edge/gone', attempt: 1, outcome: 'failed', error: 'no such server', ms: 0, at: t0 },
    { type: 'step-skip', id: 'edge/never', kind: 'dependency', reason: 'needs edge/gone, which failed', at: t0 },
    { type: 'step-end', id: 'edge/vips', attempt: 1, outcome: 'succeeded', outputs: { address: '10.0.0.9', token: '***' }, ms: 40, at: t0 + 40 },
    { type: 'step-start', id: 'edge/notify', attempt: 1, idempotent: false, check: 'whether hooks.example received the notification', at: t0 + 40 },
    { type: 'step-end', id: 'edge/notify', attempt: 1, outcome: 'failed', error: '503 from hooks.example', retryInMs: 100, ms: 0, at: t0 + 40 },
    { type: 'step-start', id: 'edge/notify', attempt: 2, idempotent: false, check: 'whether hooks.example received the notification', at: t0 + 140 },
    { type: 'step-end', id: 'edge/notify', attempt: 2, outcome: 'succeeded', outputs: {}, ms: 0, at: t0 + 140 },
    { type: 'commit', action: 'reserve', serial: 17, detail: 'srv-0042', at: t0 + 140 },
    { type: 'run-end', status: 'failed', counts: { succeeded: 2, failed: 1, skipped: 1, interrupted: 0, 'not-started': 0 }, at: t0 + 140 },
  ]);
});

test('a journal is never overwritten: the run id must be new', async () => {
  const first = await JournalWriter.create(dir, header);
  await first.close();
  await JournalWriter.create(dir, header).then(
    () => assert.unreachable('should refuse'),
    (e: unknown) => assert.is((e as NodeJS.ErrnoException).code, 'EEXIST'),
  );
  await JournalWriter.create(dir, { ...header, runId: '../escape' }).then(
    () => assert.unreachable('should refuse'),
    (e: unknown) => assert.match((e as Error).message, /is not a run id/),
  );
});

/** Real file operations, with every call logged so the order of writes, syncs and effects shows. */
function loggingFs(log: string[]): JournalFs {
  return {
    ...nodeJournalFs,
    write(fd, data) {
      const r = JSON.parse(data.toString()) as JournalRecord;
      log.push(`write ${r.type}${'id' in r ? ` ${r.id}` : ''}`);
      nodeJournalFs.write(fd, data);
    },
    datasync(fd, done) {
      log.push('sync start');
      nodeJournalFs.datasync(fd, (err) => {
        log.push('sync done');
        done(err);
      });
    },
  };
}

test("fsync 'always': each side effect begins only after a sync that covers its step-start record", async () => {
  const log: string[] = [];
  const journal = await JournalWriter.create(dir, header, { fsync: 'always', fs: loggingFs(log), fsyncIntervalMs: 0 });
  log.length = 0;
  const nodes: ExecNode[] = ['a', 'b', 'c'].map((id) => ({ id, idempotent: true, run: async () => (log.push(`effect ${id}`), {}) }));
  await execute(nodes, { observers: [journalObserver(journal)] });
  await journal.close();
  for (const id of ['a', 'b', 'c']) {
    const write = log.indexOf(`write step-start ${id}`);
    const effect = log.indexOf(`effect ${id}`);
    assert.ok(write >= 0 && effect > write, `${id}: ${log.join(' | ')}`);
    const syncedBetween = log.slice(write, effect).includes('sync done');
    assert.ok(syncedBetween, `${id}'s effect began before its record was synced: ${log.join(' | ')}`);
  }
  // The three starts were written together and shared one sync (group commit).
  assert.is(log.slice(0, log.indexOf('effect a')).filter((l) => l === 'sync start').length, 1);
});

test("fsync 'batched': effects do not wait for a sync, which follows within the interval", async () => {
  const log: string[] = [];
  const journal = await JournalWriter.create(dir, header, { fsync: 'batched', fs: loggingFs(log), fsyncIntervalMs: 20 });
  log.length = 0;
  await execute([{ id: 'a', idempotent: true, run: async () => (log.push('effect a'), {}) }], { observers: [journalObserver(journal)] });
  assert.equal(log, ['write step-start a', 'effect a', 'write step-end a']);
  await new Promise((r) => setTimeout(r, 80));
  assert.ok(log.includes('sync done'), log.join(' | '));
  await journal.close();
});

test('a journal that cannot be written stops the run before the next side effect', async () => {
  let writes = 0;
  const failing: JournalFs = {
    ...nodeJournalFs,
    write(fd, data) {
      if (++writes === 4) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      nodeJournalFs.write(fd, data);
    },
  };
  const journal = await JournalWriter.create(dir, header, { fs: failing });
  const effects: string[] = [];
  const nodes: ExecNode[] = ['a', 'b', 'c'].map((id, i) => ({ id, needs: i === 0 ? [] : [['a', 'b', 'c'][i - 1]!], idempotent: true, run: async () => (effects.push(id), {}) }));
  // Writes: header, start a, end a, start b (fails).
  await execute(nodes, { observers: [journalObserver(journal)] }).then(
    () => assert.unreachable('should have failed'),
    (e: unknown) => assert.match((e as Error).message, /ENOSPC/),
  );
  assert.equal(effects, ['a']);
  await journal.close();
});

test.run();
