import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JournalRecord } from '../../runtime/journal/index.ts';
import { CrashWorld } from '../crash/crash-world.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';

// A step left in doubt is resolved on the resume that reported it, through
// the real executable: that resume ended `failed` with every instance up, so
// the plan changes nothing but the infrastructure, recorded `failed` (not
// cleanly deployed); the next `mbp apply` resumes the reopened run, and
// without a resolution carries the doubt over instead of running the step.
const NOTIFY = fileURLToPath(new URL('../crash/fixtures/two-arrays-notify.mbp', import.meta.url));

const cli = suite('mbp runs resolve on the resume that reported the doubt');
const temps: TempDir[] = [];
cli.after(() => {
  for (const t of temps) t.cleanup();
});

const starts = (records: readonly JournalRecord[]): string[] => records.filter((r) => r.type === 'step-start').map((r) => (r as { id: string }).id);
const runIdOf = (records: readonly JournalRecord[]): string => (records[0] as { run: string }).run;

/** Killed inside the non-idempotent post_deploy step, then resumed once: the resume reports the step in doubt. Returns the resume's id and the step. */
async function doubtReported(): Promise<{ world: CrashWorld; resume: string; step: string }> {
  const temp = makeTempDir();
  temps.push(temp);
  fs.copyFileSync(NOTIFY, path.join(temp.path, path.basename(NOTIFY)));
  const world = new CrashWorld(temp.path, path.basename(NOTIFY), '0');
  assert.is(world.mbp('inventory', 'init', '--demo').code, 0);
  const compiled = world.mbp('compile', world.blueprint);
  const steps = (JSON.parse(compiled.stdout) as { steps: { id: string; idempotent: boolean }[] }).steps;
  const step = steps.find((s) => !s.idempotent)!.id;
  const killed = await world.attempt({ failpoints: `executor.mid-step=sigkill-after(${steps.length - 1})` });
  assert.is(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
  const resumed = await world.attempt();
  assert.match(resumed.stdout, /in doubt: step/, resumed.stdout + resumed.stderr);
  assert.not.ok(starts(world.journalRecords().at(-1)!).includes(step));
  return { world, resume: runIdOf(world.journalRecords().at(-1)!), step };
}

const statusOf = (world: CrashWorld): string | undefined => world.inventory().infrastructures.find((i) => i.name === 'crash')?.status;

cli('--not-done on the resume: the next apply resumes it and runs the step, nothing else', async () => {
  const { world, resume, step } = await doubtReported();
  assert.is(statusOf(world), 'failed', 'a step in doubt: not cleanly deployed');
  const r = world.mbp('runs', 'resolve', resume, step, '--not-done');
  assert.is(r.code, 0, r.stdout + r.stderr);

  const again = await world.attempt();
  assert.not.match(again.stdout, /No changes: what is deployed matches/, again.stdout + again.stderr);
  assert.match(again.stdout, new RegExp(`run ${resume} has steps left to finish`));
  assert.match(again.stdout, new RegExp(`Resumed run ${resume}`));
  assert.not.match(again.stdout, /in doubt/);
  const journal = world.journalRecords().at(-1)!;
  // The fixture's hook URL does not resolve: the step runs (and fails), which is what is checked.
  assert.ok(starts(journal).includes(step), 'the step marked not done runs');
  assert.not.ok(starts(journal).some((id) => id.endsWith('/install_os')), 'nothing else is redone');
});

cli('negative control: without a resolution the next apply does not run the step, and the infrastructure stays failed', async () => {
  const { world, step } = await doubtReported();
  // Not "No changes": a failed infrastructure is an update (its hooks run again), but the step in doubt stays skipped.
  const again = await world.attempt();
  assert.match(again.stdout, /last apply failed/, again.stdout + again.stderr);
  assert.match(again.stdout, /in doubt: step/, again.stdout + again.stderr);
  assert.not.ok(starts(world.journalRecords().at(-1)!).includes(step));
  assert.is(statusOf(world), 'failed');
});

cli.run();
