import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { HeaderRecord, JournalRecord } from '../../runtime/journal/index.ts';
import { CrashWorld } from '../crash/crash-world.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';

// A killed run is resumed by the next apply ("Resumed run X"); a run that
// ended `failed` with a step in doubt nobody resolved is not: the next apply
// carries the doubt over, skipped, and says so (and how to settle it)
// instead of claiming to resume a run that had ended. Through the real
// executable, on the crash world whose post_deploy step is not idempotent.
const NOTIFY = fileURLToPath(new URL('../crash/fixtures/two-arrays-notify.mbp', import.meta.url));

const cli = suite('an apply after a failed run with steps in doubt carries them over; it resumes only a killed run');
const temps: TempDir[] = [];
cli.after(() => {
  for (const t of temps) t.cleanup();
});

const headerOf = (records: readonly JournalRecord[]): HeaderRecord => records[0] as HeaderRecord;
const starts = (records: readonly JournalRecord[]): string[] => records.filter((r) => r.type === 'step-start').map((r) => (r as { id: string }).id);
const escape = (s: string): string => s.replace(/[[\]/.]/g, '\\$&');

cli('killed, resumed, then carried over: each run says which, in its output and its journal header', async () => {
  const temp = makeTempDir();
  temps.push(temp);
  fs.copyFileSync(NOTIFY, path.join(temp.path, path.basename(NOTIFY)));
  const world = new CrashWorld(temp.path, path.basename(NOTIFY), '0');
  assert.is(world.mbp('inventory', 'init', '--demo').code, 0);
  const steps = (JSON.parse(world.mbp('compile', world.blueprint).stdout) as { steps: { id: string; idempotent: boolean }[] }).steps;
  const step = steps.find((s) => !s.idempotent)!.id;

  // Killed inside the non-idempotent post_deploy step (it starts last).
  const killed = await world.attempt({ failpoints: `executor.mid-step=sigkill-after(${steps.length - 1})` });
  assert.is(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
  const killedId = headerOf(world.journalRecords().at(-1)!).run;

  // A real resume: the killed run had not ended.
  const resumed = await world.attempt();
  const said = resumed.stdout + resumed.stderr;
  assert.match(resumed.stdout, new RegExp(`Resumed run ${killedId}\\.`), said);
  assert.not.match(resumed.stdout, /Carried over/, said);
  assert.match(resumed.stdout, /in doubt: step/, said);
  const resumedHeader = headerOf(world.journalRecords().at(-1)!);
  assert.is(resumedHeader.resumes, killedId);
  assert.is(resumedHeader.doubtsFrom, undefined);
  assert.is(world.mbp('runs').stdout.split('\n').find((l) => l.startsWith(resumedHeader.run))?.includes('failed'), true, 'the resume ended failed: a step in doubt');

  // The resume ended `failed`: the next apply carries its doubt over, it does not resume it.
  const carried = await world.attempt();
  const carriedSaid = carried.stdout + carried.stderr;
  const carriedId = headerOf(world.journalRecords().at(-1)!).run;
  assert.is(carried.code, 1, carriedSaid);
  assert.not.match(carried.stdout, /Resumed run/, carriedSaid);
  assert.match(carried.stdout, new RegExp(`Carried over 1 unresolved step\\(s\\) in doubt from run ${resumedHeader.run} \\(it ended failed; not resumed\\)`), carriedSaid);
  assert.match(carried.stdout, new RegExp(`mbp runs resolve ${carriedId} STEP --done`), carriedSaid);
  assert.match(carried.stdout, new RegExp(`Details: mbp runs show ${resumedHeader.run}`), carriedSaid);
  assert.match(carried.stdout, new RegExp(`in doubt: step ${escape(step)} `), carriedSaid);
  const carriedJournal = world.journalRecords().at(-1)!;
  assert.is(headerOf(carriedJournal).doubtsFrom, resumedHeader.run);
  assert.is(headerOf(carriedJournal).resumes, undefined);
  assert.not.ok(starts(carriedJournal).includes(step), 'the step in doubt is not run');
  const shown = world.mbp('runs', 'show', carriedId);
  assert.match(shown.stdout, new RegExp(`carries over the unresolved steps in doubt of ${resumedHeader.run} \\(a failed run; not resumed\\)`), shown.stdout + shown.stderr);
  assert.not.match(shown.stdout, /^resumes /m);

  // The JSON `done` event names it too, in a field of its own.
  const json = world.mbp('apply', world.blueprint, '--auto-approve', '--speed', '0', '--format', 'json');
  const done = json.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e['event'] === 'done');
  assert.ok(done, json.stdout + json.stderr);
  assert.is(done['doubts_from'], carriedId);
  assert.is(done['resumed'], undefined);
  assert.is((done['in_doubt'] as string[]).length, 1);

  // Settled on the latest run, `--not-done` reopens it: that is resumed again, and runs the step.
  const latest = headerOf(world.journalRecords().at(-1)!).run;
  const r = world.mbp('runs', 'resolve', latest, step, '--not-done');
  assert.is(r.code, 0, r.stdout + r.stderr);
  const reopened = await world.attempt();
  assert.match(reopened.stdout, new RegExp(`Resumed run ${latest}\\.`), reopened.stdout + reopened.stderr);
  assert.not.match(reopened.stdout, /Carried over/);
  assert.ok(starts(world.journalRecords().at(-1)!).includes(step), 'the step marked not done runs');
});

cli.run();
