import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeJournal, FAILPOINT_AFTER_APPEND, readRun } from '../../runtime/journal/index.ts';
import { FAILPOINT_MID_STEP } from '../../runtime/executor/index.ts';

// Real processes killed with SIGKILL at the journal's and the executor's
// failpoints, then resumed: the counter files prove which side effects ran.

const CHILD = fileURLToPath(new URL('./helpers/crash-child.ts', import.meta.url));
const IDS = ['prep', 'effect', 'after'];

interface ChildOptions {
  readonly runId: string;
  readonly effectIdempotent: boolean;
  readonly resumeFrom?: string;
  readonly fsync?: 'batched' | 'always';
}

let dir = '';
let counters = '';
test.before.each(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  counters = path.join(dir, 'counters');
  fs.mkdirSync(counters);
});
test.after.each(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}-control`, { recursive: true, force: true });
});

function runChild(options: ChildOptions, failpoints?: string, where = { dir, counters }) {
  const env = { ...process.env };
  delete env.MBP_FAILPOINTS;
  if (failpoints !== undefined) env.MBP_FAILPOINTS = failpoints;
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ ...where, ...options })], { env, encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  return {
    signal: r.signal,
    status: r.status,
    stderr: r.stderr,
    out: line === undefined ? undefined : (JSON.parse(line) as { status: string; outcomes: Record<string, string>; uncertain: string[]; rerun: string[] }),
  };
}

function counts(where = counters): Record<string, number> {
  return Object.fromEntries(IDS.map((id) => [id, fs.existsSync(path.join(where, `${id}.count`)) ? fs.statSync(path.join(where, `${id}.count`)).size : 0]));
}

function killed(r: ReturnType<typeof runChild>): void {
  assert.is(r.signal, 'SIGKILL', `the child should have been killed; it exited ${r.status}: ${r.stderr}`);
}

test('killed inside a non-idempotent step: it is reported, not re-run; finished steps are not re-run', () => {
  // Hit 1 is prep, hit 2 is effect: its counter is bumped, its end never recorded.
  killed(runChild({ runId: 'run-1', effectIdempotent: false }, `${FAILPOINT_MID_STEP}=sigkill-after(1)`));
  assert.equal(counts(), { prep: 1, effect: 1, after: 0 });

  const analysis = analyzeJournal(readRun(dir, 'run-1').records, IDS);
  assert.equal([...analysis.finished.keys()], ['prep']);
  assert.equal(
    analysis.uncertain.map((u) => u.id),
    ['effect'],
  );
  assert.match(analysis.uncertain[0]?.message ?? '', /step effect may or may not have happened: check the counter file effect\.count/);
  assert.equal(analysis.notStarted, ['after']);

  // Negative control, on a copy of the crashed state: a resume that ignored
  // the journal would run prep and effect twice, which the counters catch.
  const control = `${dir}-control`;
  fs.cpSync(dir, control, { recursive: true });
  const naive = runChild({ runId: 'naive', effectIdempotent: false }, undefined, { dir: control, counters: path.join(control, 'counters') });
  assert.is(naive.status, 0, naive.stderr);
  assert.equal(counts(path.join(control, 'counters')), { prep: 2, effect: 2, after: 1 });

  const resumed = runChild({ runId: 'run-2', effectIdempotent: false, resumeFrom: 'run-1' });
  assert.is(resumed.status, 0, resumed.stderr);
  assert.equal(counts(), { prep: 1, effect: 1, after: 0 });
  assert.equal(resumed.out?.outcomes, { prep: 'succeeded', effect: 'skipped', after: 'skipped' });
  assert.equal(resumed.out?.uncertain, ['effect']);

  // Resuming the resumed run keeps the doubt: its journal stands alone.
  const again = runChild({ runId: 'run-3', effectIdempotent: false, resumeFrom: 'run-2' });
  assert.is(again.status, 0, again.stderr);
  assert.equal(again.out?.uncertain, ['effect']);
  assert.equal(counts(), { prep: 1, effect: 1, after: 0 });
});

test("killed after the step-start record and before the effect (fsync 'always'): the step is in doubt and not re-run", () => {
  killed(runChild({ runId: 'run-1', effectIdempotent: false, fsync: 'always' }, `${FAILPOINT_AFTER_APPEND}=sigkill-after(1)`));
  assert.equal(counts(), { prep: 1, effect: 0, after: 0 });
  const records = readRun(dir, 'run-1').records;
  assert.ok(records.some((r) => r.type === 'step-start' && r.id === 'effect'), 'the record written before the effect survived the kill');

  const resumed = runChild({ runId: 'run-2', effectIdempotent: false, resumeFrom: 'run-1' });
  assert.is(resumed.status, 0, resumed.stderr);
  assert.equal(resumed.out?.uncertain, ['effect']);
  assert.equal(counts(), { prep: 1, effect: 0, after: 0 });
});

test('killed inside an idempotent step: it is run again, and what follows runs once', () => {
  killed(runChild({ runId: 'run-1', effectIdempotent: true }, `${FAILPOINT_MID_STEP}=sigkill-after(1)`));
  assert.equal(counts(), { prep: 1, effect: 1, after: 0 });
  const resumed = runChild({ runId: 'run-2', effectIdempotent: true, resumeFrom: 'run-1' });
  assert.is(resumed.status, 0, resumed.stderr);
  assert.equal(resumed.out?.rerun, ['effect']);
  assert.is(resumed.out?.status, 'succeeded');
  assert.equal(counts(), { prep: 1, effect: 2, after: 1 });
});

test.run();
