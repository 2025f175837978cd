import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JournalRecord } from '../../runtime/journal/index.ts';
import { CrashWorld } from '../crash/crash-world.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';

// `mbp runs resolve RUN STEP --done|--not-done` through the real executable:
// a run is killed inside a non-idempotent step (std.http.request), a person
// records what they found, and the next `mbp apply` honours it.
const NOTIFY = fileURLToPath(new URL('../crash/fixtures/two-arrays-notify.mbp', import.meta.url));
const READS = fileURLToPath(new URL('./fixtures/notify-reads-status.mbp', import.meta.url));

const cli = suite('mbp runs resolve');
const temps: TempDir[] = [];
cli.after(() => {
  for (const t of temps) t.cleanup();
});

function newWorld(fixture: string): CrashWorld {
  const temp = makeTempDir();
  temps.push(temp);
  const name = path.basename(fixture);
  fs.copyFileSync(fixture, path.join(temp.path, name));
  const world = new CrashWorld(temp.path, name, '0');
  const init = world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
  return world;
}

const starts = (records: readonly JournalRecord[]): string[] => records.filter((r) => r.type === 'step-start').map((r) => (r as { id: string }).id);
const runIdOf = (records: readonly JournalRecord[]): string => (records[0] as { run: string }).run;

/** Kills an apply inside its non-idempotent post_deploy step (it starts last); returns the killed run's id and the step's. */
async function killedInsideNotify(world: CrashWorld): Promise<{ run: string; step: string }> {
  const compiled = world.mbp('compile', world.blueprint);
  assert.is(compiled.code, 0, compiled.stderr);
  const steps = (JSON.parse(compiled.stdout) as { steps: { id: string; idempotent: boolean }[] }).steps;
  const step = steps.find((s) => !s.idempotent)!.id;
  const killed = await world.attempt({ failpoints: `executor.mid-step=sigkill-after(${steps.length - 1})` });
  assert.is(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
  const journal = world.journalRecords().at(-1)!;
  assert.is(starts(journal).at(-1), step, 'killed inside the non-idempotent step');
  return { run: runIdOf(journal), step };
}

cli('--done: the next apply resumes the run and does not run the step again', async () => {
  const world = newWorld(NOTIFY);
  const { run, step } = await killedInsideNotify(world);
  const r = world.mbp('runs', 'resolve', run, step, '--done', '--note', 'the hook log shows the POST');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`Recorded in run ${run}`));
  const last = world.journalRecords().at(-1)!.at(-1) as unknown as Record<string, unknown>;
  assert.equal({ type: last['type'], id: last['id'], resolution: last['resolution'], note: last['note'] }, { type: 'step-resolved', id: step, resolution: 'done', note: 'the hook log shows the POST' });
  assert.type(last['who'], 'string');
  const shown = world.mbp('runs', 'show', run);
  assert.match(shown.stdout, new RegExp(`${step.replace(/[[\]/]/g, '\\$&')}: resolved \\(marked done`));

  const resumed = await world.attempt();
  assert.is(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`Resumed run ${run}`));
  assert.not.match(resumed.stdout, /in doubt/);
  const journal = world.journalRecords().at(-1)!;
  assert.not.ok(starts(journal).includes(step), 'the step marked done is not run again');
  assert.ok(journal.some((x) => x.type === 'step-resumed' && x.id === step), 'it is carried over as done');
  assert.is(world.inventory().infrastructures.find((i) => i.name === 'crash')?.status, 'deployed');
});

cli('--not-done: the next apply runs the step again', async () => {
  const world = newWorld(NOTIFY);
  const { run, step } = await killedInsideNotify(world);
  const r = world.mbp('runs', 'resolve', run, step, '--not-done');
  assert.is(r.code, 0, r.stdout + r.stderr);
  const resumed = await world.attempt();
  assert.match(resumed.stdout, new RegExp(`Resumed run ${run}`), resumed.stdout + resumed.stderr);
  assert.not.match(resumed.stdout, /in doubt/);
  assert.ok(starts(world.journalRecords().at(-1)!).includes(step), 'the step runs again');
});

cli('negative control: without a resolution the resume reports the step in doubt, names the command, and does not run it', async () => {
  const world = newWorld(NOTIFY);
  const { step } = await killedInsideNotify(world);
  const resumed = await world.attempt();
  assert.match(resumed.stdout, new RegExp(`in doubt: step ${step.replace(/[[\]/]/g, '\\$&')} .*mbp runs resolve RUN`), resumed.stdout);
  assert.not.ok(starts(world.journalRecords().at(-1)!).includes(step));
});

cli('refusals: no verdict, a step not in doubt, an older run, a step whose outputs are read', async () => {
  const world = newWorld(NOTIFY);
  const { run, step } = await killedInsideNotify(world);
  const none = world.mbp('runs', 'resolve', run, step);
  assert.is(none.code, 64, none.stderr);
  assert.match(none.stderr, /--done .* or --not-done/);
  const both = world.mbp('runs', 'resolve', run, step, '--done', '--not-done');
  assert.is.not(both.code, 0);
  const notInDoubt = world.mbp('runs', 'resolve', run, 'crash/web[0]/bind', '--done');
  assert.is(notInDoubt.code, 1);
  assert.match(notInDoubt.stderr, new RegExp(`not in doubt in run ${run} \\(it is done\\); in doubt there: ${step.replace(/[[\]/]/g, '\\$&')}`));
  const unknown = world.mbp('runs', 'resolve', 'no-such-run', step, '--done');
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /no run no-such-run/);

  // A later run of the same blueprint (it resumes the killed one on its servers: nothing is left to run but the
  // step in doubt, which it skips): only the latest is resumed, so the older one is refused, naming it.
  const again = await world.attempt();
  assert.is(again.signal, null, again.stdout + again.stderr);
  const later = runIdOf(world.journalRecords().at(-1)!);
  assert.is.not(later, run);
  const older = world.mbp('runs', 'resolve', run, step, '--done');
  assert.is(older.code, 1);
  assert.match(older.stderr, new RegExp(`not the latest of its kind: ${later} came after it`));
  const before = fs.readFileSync(path.join(world.dir, '.mbp', 'runs', `${run}.jsonl`), 'utf8');
  assert.not.match(before, /step-resolved/, 'nothing was appended by a refusal');

  const reads = newWorld(READS);
  const killed = await reads.attempt({ failpoints: 'journal.after-append-before-effect=sigkill-after(0)' });
  assert.is(killed.signal, 'SIGKILL');
  const refused = reads.mbp('runs', 'resolve', runIdOf(reads.journalRecords().at(-1)!), 'crash/post_deploy/notify/post', '--done');
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /crash\/post_deploy\/notify\/follow reads the outputs of crash\/post_deploy\/notify\/post/);
});

cli('--help shows examples', () => {
  const world = newWorld(NOTIFY);
  const help = world.mbp('runs', 'resolve', '--help');
  assert.is(help.code, 0);
  assert.match(help.stdout, /Examples:[\s\S]*--done[\s\S]*--not-done/);
});

cli.run();
