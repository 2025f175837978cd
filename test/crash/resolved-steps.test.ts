import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JournalRecord } from '../../runtime/journal/index.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';
import { CrashWorld, type ApplyAttempt } from './crash-world.ts';
import { crashInvariantViolations, type WorldSnapshot } from './invariants.ts';

// The crash invariants honour a person's word on a step in doubt (`mbp runs
// resolve RUN STEP --done|--not-done`, a `step-resolved` record): through the
// real executable, an apply is killed inside its non-idempotent post_deploy
// step, the step is resolved, and the next apply resumes the run. The
// resolution is what explains that run: `--not-done` lets it run the step
// again, `--done` lets it skip the step without reporting it in doubt. The
// same journals without the `step-resolved` record are reported (negative
// control), so the invariants do read it.

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BLUEPRINT = 'two-arrays-notify.mbp';
const NOTIFY = 'crash/post_deploy/notify/post';

const test = suite('crash invariants: steps resolved by a person');
let temp: TempDir;
let world: CrashWorld;

test.before.each(() => {
  temp = makeTempDir();
  fs.copyFileSync(path.join(FIXTURES, BLUEPRINT), path.join(temp.path, BLUEPRINT));
  world = new CrashWorld(temp.path, BLUEPRINT, '0.002');
  const init = world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
});
test.after.each(() => temp.cleanup());

const said = (a: ApplyAttempt): string => `exit ${a.code} signal ${a.signal}\n${a.stdout.slice(-1500)}\n${a.stderr.slice(-1500)}`;
const starts = (records: readonly JournalRecord[]): string[] => records.filter((r) => r.type === 'step-start').map((r) => (r as { id: string }).id);

/** Kills the first apply inside the notify step, resolves it as `resolution`, resumes once; returns the world after. */
async function killResolveResume(resolution: 'done' | 'not-done'): Promise<WorldSnapshot> {
  const compiled = world.mbp('compile', BLUEPRINT);
  assert.is(compiled.code, 0, compiled.stderr);
  const steps = (JSON.parse(compiled.stdout) as { steps: unknown[] }).steps;
  // post_deploy starts last: the last hit of the mid-step point is inside it.
  const killed = await world.attempt({ failpoints: `executor.mid-step=sigkill-after(${steps.length - 1})` });
  assert.is(killed.signal, 'SIGKILL', said(killed));
  const first = world.journalRecords().at(-1)!;
  assert.is(starts(first).at(-1), NOTIFY, 'killed inside the notify step');
  const run = first[0]!.type === 'header' ? first[0]!.run : '';

  const resolved = world.mbp('runs', 'resolve', run, NOTIFY, `--${resolution}`);
  assert.is(resolved.code, 0, resolved.stdout + resolved.stderr);
  const resumed = await world.attempt();
  assert.match(resumed.stdout, /Resumed run/, said(resumed));
  assert.is(starts(world.journalRecords().at(-1)!).includes(NOTIFY), resolution === 'not-done', `the resume ran the step only when it did not happen: ${said(resumed)}`);
  return world.snapshot();
}

const withoutResolutions = (s: WorldSnapshot): WorldSnapshot => ({ ...s, journals: s.journals.map((j) => j.filter((r) => r.type !== 'step-resolved')) });
const aboutNotify = (s: WorldSnapshot): string[] => crashInvariantViolations(s).filter((v) => v.includes(NOTIFY));

test('--not-done: the resume runs the step again, which the resolution explains', async () => {
  const snapshot = await killResolveResume('not-done');
  assert.equal(aboutNotify(snapshot), []);
  const control = aboutNotify(withoutResolutions(snapshot));
  assert.ok(control.some((v) => v.includes(`re-ran the non-idempotent ${NOTIFY}, in doubt`)), JSON.stringify(control));
});

test('--done: the resume skips the step without reporting it in doubt, which the resolution explains', async () => {
  const snapshot = await killResolveResume('done');
  assert.equal(aboutNotify(snapshot), []);
  const control = aboutNotify(withoutResolutions(snapshot));
  assert.ok(control.some((v) => v.includes(`did not report ${NOTIFY}, in doubt`)), JSON.stringify(control));
});

test('--done counts as having happened: a resume that started the step anyway is reported', async () => {
  const snapshot = await killResolveResume('done');
  // The resumed journal as it would read had the resume ignored the resolution and run the step.
  const journals = snapshot.journals.map((j, i) =>
    i === snapshot.journals.length - 1 ? [...j.slice(0, -1), { type: 'step-start', id: NOTIFY, attempt: 1, idempotent: false, at: 0 } as JournalRecord, j.at(-1)!] : j,
  );
  const v = aboutNotify({ ...snapshot, journals });
  assert.ok(v.some((x) => x.includes(`started ${NOTIFY} again`) && x.includes('marked done by')), JSON.stringify(v));
});

test.run();
