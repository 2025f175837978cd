import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeJournal, resumeStateOf, type JournalRecord } from '../../runtime/journal/index.ts';

const head: JournalRecord = {
  type: 'header',
  format: 1,
  run: 'r1',
  who: 'ops',
  host: 'h',
  pid: 1,
  cwd: '/',
  command: [],
  params: {},
  startedAt: '2025-01-01T00:00:00.000Z',
  at: 0,
};
const start = (id: string, idempotent: boolean, attempt = 1, check?: string): JournalRecord =>
  check === undefined ? { type: 'step-start', id, attempt, idempotent, at: 1 } : { type: 'step-start', id, attempt, idempotent, check, at: 1 };
const end = (id: string, outcome: 'succeeded' | 'failed' | 'interrupted' | 'cancelled', more: Record<string, unknown> = {}, attempt = 1): JournalRecord =>
  ({ type: 'step-end', id, attempt, outcome, ms: 1, at: 2, ...more }) as JournalRecord;

test('finished steps are skipped with their outputs', () => {
  const a = analyzeJournal([head, start('a', true), end('a', 'succeeded', { outputs: { ip: '10.0.0.1' } })]);
  assert.equal([...a.finished], [['a', { ip: '10.0.0.1' }]]);
  assert.equal(a.rerun, []);
  assert.equal(a.uncertain, []);
  assert.is(a.complete, false);
  assert.is(a.header?.run, 'r1');
});

test('a step running when the run died: re-run if idempotent, reported if not', () => {
  const a = analyzeJournal([head, start('power', true), start('notify', false, 1, 'whether hooks.example got the call'), start('plain', false)]);
  assert.equal(a.rerun, [{ id: 'power', attempt: 1, why: 'was-running' }]);
  assert.equal(
    a.uncertain.map((u) => u.id),
    ['notify', 'plain'],
  );
  assert.is(
    a.uncertain[0]?.message,
    'step notify may or may not have happened: check whether hooks.example got the call, then record what you found with `mbp runs resolve RUN notify --done` (it happened) or `--not-done` (run it again), RUN being the latest run (`mbp runs`)',
  );
  assert.match(a.uncertain[1]?.message ?? '', /step plain may or may not have happened: check its target by hand/);
});

test('interrupted by Ctrl-C: like a step still running; cancelled before its effect: never started', () => {
  const a = analyzeJournal(
    [head, start('i', true), end('i', 'interrupted'), start('n', false), end('n', 'interrupted'), start('c', false), end('c', 'cancelled')],
    ['i', 'n', 'c'],
  );
  assert.equal(a.rerun, [{ id: 'i', attempt: 1, why: 'interrupted' }]);
  assert.equal(
    a.uncertain.map((u) => u.id),
    ['n'],
  );
  assert.equal(a.notStarted, ['c']);
});

test('failures: a pending retry runs again; a final failure is listed; a non-idempotent timeout is in doubt', () => {
  const a = analyzeJournal([
    head,
    start('r', false),
    end('r', 'failed', { error: 'e1', retryInMs: 100 }),
    start('f', true),
    end('f', 'failed', { error: 'no route' }),
    start('t', false, 1, 'the VIP'),
    end('t', 'failed', { error: 'timed out', timedOut: true }),
    start('ti', true),
    end('ti', 'failed', { error: 'timed out', timedOut: true }),
  ]);
  assert.equal(a.rerun, [{ id: 'r', attempt: 1, why: 'retry-pending' }]);
  assert.equal(a.failed, [
    { id: 'f', error: 'no route' },
    { id: 'ti', error: 'timed out' },
  ]);
  assert.equal(
    a.uncertain.map((u) => [u.id, /check the VIP/.test(u.message)]),
    [['t', true]],
  );
});

test('a later attempt decides: retried and then succeeded is finished', () => {
  const a = analyzeJournal([head, start('x', false), end('x', 'failed', { error: 'e', retryInMs: 5 }), start('x', false, 2), end('x', 'succeeded', { outputs: { ok: true } }, 2)]);
  assert.equal([...a.finished.keys()], ['x']);
  assert.equal(a.uncertain, []);
  assert.equal(a.rerun, []);
});

test('skipped and never-mentioned nodes have not started; the run end and last commit are read', () => {
  const a = analyzeJournal(
    [
      head,
      { type: 'step-skip', id: 's', kind: 'dependency', reason: 'needs f, which failed', at: 3 },
      { type: 'commit', action: 'reserve', serial: 4, at: 3 },
      { type: 'commit', action: 'bind', serial: 5, at: 4 },
      { type: 'run-end', status: 'failed', counts: { succeeded: 0, failed: 0, skipped: 1, interrupted: 0, 'not-started': 1 }, at: 5 },
    ],
    ['s', 'quiet'],
  );
  assert.equal(a.notStarted, ['s', 'quiet']);
  assert.is(a.complete, true);
  assert.is(a.status, 'failed');
  assert.is(a.lastCommit?.serial, 5);
});

test('a resumed run carries finished steps and doubts forward, so its own journal stands alone', () => {
  const second = analyzeJournal([
    { ...head, run: 'r2', resumes: 'r1' },
    { type: 'step-resumed', id: 'a', outputs: { v: 1 }, at: 1 },
    { type: 'step-skip', id: 'n', kind: 'uncertain', reason: 'step n may or may not have happened: check X, then mark it done or run it again', at: 1 },
    { type: 'step-skip', id: 'after-n', kind: 'dependency', reason: 'needs n, which was skipped', at: 1 },
  ]);
  assert.equal([...second.finished], [['a', { v: 1 }]]);
  assert.equal(second.uncertain, [{ id: 'n', attempt: 0, message: 'step n may or may not have happened: check X, then mark it done or run it again' }]);
  const state = resumeStateOf(second);
  assert.equal([...state.done.keys()], ['a']);
  assert.equal([...(state.uncertain ?? new Map()).keys()], ['n']);
});

test('a step resolved by a person: done is finished without outputs, not-done runs again; a resolution reopens an ended run', () => {
  const ended: JournalRecord[] = [
    { type: 'header', format: 1, run: 'r1', who: 't', host: 'h', pid: 1, cwd: '/', command: ['mbp', 'apply'], params: {}, startedAt: '', at: 0 },
    { type: 'step-start', id: 'post', attempt: 1, idempotent: false, check: 'the hook log', at: 1 },
    { type: 'step-start', id: 'mail', attempt: 1, idempotent: false, at: 1 },
    { type: 'run-end', status: 'interrupted', counts: { succeeded: 0, failed: 0, skipped: 0, interrupted: 2, 'not-started': 0 }, at: 2 },
  ];
  const before = analyzeJournal(ended, ['post', 'mail']);
  assert.equal(before.uncertain.map((u) => u.id), ['post', 'mail']);
  assert.is(before.complete, true);
  const after = analyzeJournal(
    [
      ...ended,
      { type: 'step-resolved', id: 'post', resolution: 'done', who: 'ann', note: 'seen in the log', at: 3 },
      { type: 'step-resolved', id: 'mail', resolution: 'not-done', who: 'ann', at: 4 },
    ],
    ['post', 'mail'],
  );
  assert.equal(after.uncertain, []);
  assert.equal([...after.finished], [['post', {}]]);
  assert.equal(after.notStarted, ['mail']);
  assert.equal(after.resolved, [
    { id: 'post', resolution: 'done', who: 'ann' },
    { id: 'mail', resolution: 'not-done', who: 'ann' },
  ]);
  assert.is(after.complete, false, 'reopened: there is work left for a resume');
  // A later attempt supersedes the resolution.
  const rerun = analyzeJournal([...ended, { type: 'step-resolved', id: 'mail', resolution: 'not-done', who: 'ann', at: 4 }, { type: 'step-start', id: 'mail', attempt: 1, idempotent: false, at: 5 }]);
  assert.ok(rerun.uncertain.some((u) => u.id === 'mail'));
  assert.equal(rerun.resolved, []);
});

test.run();
