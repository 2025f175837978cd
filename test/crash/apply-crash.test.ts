import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Inventory } from '../../runtime/inventory/index.ts';
import type { JournalRecord } from '../../runtime/journal/index.ts';
import { createRandom, makeTempDir, type TempDir } from '../support/index.ts';
import { CrashWorld, HANG_GUARD_MS, type ApplyAttempt } from './crash-world.ts';
import { crashInvariantViolations } from './invariants.ts';

// `mbp apply` as a real child process, SIGKILLed at every failpoint of the
// apply path and at random moments, then resumed with `mbp apply` until it
// completes; after each world the inventory, the hardware-state file and the
// journals must agree (invariants.ts). A negative control shows the checks
// catch a wrong resume. `MBP_CRASH_SEED=N` replays the random kills.

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** 2 arrays × 2 instances; at 0.002 a local install is ~1.5 s of simulated time. */
const BLUEPRINT = 'two-arrays.mbp';
/** The same with a non-idempotent post_deploy step (std.http.request). */
const BLUEPRINT_NOTIFY = 'two-arrays-notify.mbp';
const SPEED = '0.002';
const MIN_KILLS = 20;

const seed = Number(process.env.MBP_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
process.stdout.write(`apply-crash: seed ${seed} (MBP_CRASH_SEED=${seed} replays the random kills)\n`);
const random = createRandom(seed);

const crash = suite('mbp apply: SIGKILL and resume');
const temps: TempDir[] = [];
let kills = 0;

crash.after(() => {
  for (const t of temps) t.cleanup();
});

function newWorld(blueprint = BLUEPRINT): CrashWorld {
  const temp = makeTempDir();
  temps.push(temp);
  fs.copyFileSync(path.join(FIXTURES, blueprint), path.join(temp.path, blueprint));
  const world = new CrashWorld(temp.path, blueprint, SPEED);
  const init = world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
  return world;
}

/** How a run ended and the end of what it said (without the resume's long list of skipped steps). */
const said = (a: ApplyAttempt): string => {
  const out = a.stdout.split('\n').filter((l) => !l.endsWith('done in an earlier run, not run again')).join('\n');
  return `exit ${a.code} signal ${a.signal}${a.signal === 'SIGKILL' ? ` (hung: still running after ${HANG_GUARD_MS} ms?)` : ''}\n${out.slice(-1500)}\n${a.stderr.slice(-1500)}`;
};

async function killedAt(world: CrashWorld, failpoints: string): Promise<ApplyAttempt> {
  const a = await world.attempt({ failpoints });
  assert.is(a.signal, 'SIGKILL', `${failpoints} should have killed the apply: ${said(a)}`);
  kills += 1;
  return a;
}

/** `mbp apply` until it exits 0 (at most `max` runs); the runs' outputs. */
async function resumeToEnd(world: CrashWorld, max = 3): Promise<ApplyAttempt[]> {
  const runs: ApplyAttempt[] = [];
  for (let i = 0; i < max; i++) {
    const a = await world.attempt();
    runs.push(a);
    if (a.code === 0) return runs;
  }
  assert.unreachable(`apply did not complete in ${max} runs: ${runs.map(said).join('\n---\n')}`);
  return runs;
}

function assertConsistent(world: CrashWorld, what: string): void {
  assert.equal(crashInvariantViolations(world.snapshot()), [], `${what}: invariants violated`);
  const inv = world.inventory();
  assert.is(inv.infrastructures.find((i) => i.name === 'crash')?.instances.length, 4, `${what}: four instances`);
}

/** Kills with SIGKILL at a random moment, `count` times or until a run completes; returns the kills that landed. */
async function randomKills(world: CrashWorld, count: number): Promise<number> {
  let landed = 0;
  for (let i = 0; i < count * 2 && landed < count; i++) {
    // Within a run's usual length (start-up included), so most land mid-run.
    const delay = 150 + random.int(1350);
    const a = await world.attempt({ killAfterMs: delay });
    if (a.signal === 'SIGKILL') landed += 1;
    else if (a.code === 0) break;
    else assert.unreachable(`an apply neither killed nor succeeded: ${said(a)}`);
  }
  kills += landed;
  return landed;
}

const stepStarts = (records: readonly JournalRecord[]) => records.filter((r) => r.type === 'step-start') as Extract<JournalRecord, { type: 'step-start' }>[];

crash('killed at each failpoint of a first apply, then resumed on its servers', async () => {
  const world = newWorld();
  // One kill per named point, each in the next run (which resumes the dead one).
  await killedAt(world, 'journal.after-append-before-effect=sigkill-after(5)');
  // The reserve commit recorded the run's intent: the record holds the servers it reserved.
  const intent = world.inventory().infrastructures.find((i) => i.name === 'crash');
  assert.ok(intent, 'the killed run left its record');
  const reserved = intent.instances.map((i) => i.server_id).sort();
  await killedAt(world, 'inventory.before-rename=sigkill-after(1)');
  await killedAt(world, 'inventory.after-reread=sigkill-after(2)');
  await killedAt(world, 'inventory.before-write=sigkill-after(1)');
  // Each resume runs only what is left (38 steps in all): these land well before its end.
  await killedAt(world, 'executor.mid-step=sigkill-after(12)');
  await killedAt(world, 'journal.after-append-before-effect=sigkill-after(6)');
  const runs = await resumeToEnd(world);
  assert.match(runs[0]!.stdout, /Resumed run/);
  assert.not.match(runs.map((r) => r.stderr).join('\n'), /reconciled: /, 'no server was set aside');
  assertConsistent(world, 'first-apply kills');
  const inv = world.inventory();
  assert.equal(inv.infrastructures.find((i) => i.name === 'crash')!.instances.map((i) => i.server_id).sort(), reserved, 'deployed on the servers the first run reserved');
  assert.ok(inv.servers.every((s) => s.failure_count === 0), 'no server counted a failure');
});

let sameServerCopy: TempDir | undefined;

crash('killed again and again while resuming on the same servers, then resumed', async () => {
  const world = newWorld();
  // A clean stop records the infrastructure: from here on every resume continues on the same servers.
  const stopped = await world.attempt({ termWhen: /install_os: done/ });
  assert.is(stopped.code, 130, said(stopped));
  sameServerCopy = makeTempDir();
  temps.push(sameServerCopy);
  fs.cpSync(world.dir, sameServerCopy.path, { recursive: true });

  await killedAt(world, 'executor.mid-step=sigkill-after(1)');
  await killedAt(world, 'journal.after-append-before-effect=sigkill-after(2)');
  await killedAt(world, 'executor.mid-step=sigkill-after(0)');
  await killedAt(world, 'journal.after-append-before-effect=sigkill-after(0)');
  await killedAt(world, 'inventory.before-write=sigkill-after(0)');
  await killedAt(world, 'inventory.before-rename=sigkill-after(0)');
  await killedAt(world, 'inventory.after-reread=sigkill-after(0)');
  await killedAt(world, 'inventory.before-rename=sigkill-after(1)');
  const runs = await resumeToEnd(world);
  assert.match(runs[0]!.stdout, /Resumed run/);
  assertConsistent(world, 'same-server kills');
  const before = world.inventory().infrastructures.find((i) => i.name === 'crash')!;
  // Nothing moved: the servers bound before the first kill are the ones deployed.
  const stoppedInv = JSON.parse(fs.readFileSync(path.join(sameServerCopy.path, '.mbp', 'inventory.json'), 'utf8')) as Inventory;
  const was = stoppedInv.infrastructures.find((i) => i.name === 'crash')!;
  assert.equal(
    before.instances.map((i) => i.server_id).sort(),
    was.instances.map((i) => i.server_id).sort(),
  );
});

crash('a resume killed before it copied the finished steps into its journal loses none of them', async () => {
  const world = newWorld();
  const stopped = await world.attempt({ termWhen: /install_os: done/ });
  assert.is(stopped.code, 130, said(stopped));
  // The resume's journal exists (header only) when its reserve commit is cut short.
  await killedAt(world, 'inventory.before-rename=sigkill-after(0)');
  await resumeToEnd(world);
  assertConsistent(world, 'resume of a header-only resume');
});

crash('negative control: a resume that ignores the journal (from scratch on the crashed state) is flagged', async () => {
  assert.ok(sameServerCopy, 'needs the state the previous test stopped');
  const world = new CrashWorld(sameServerCopy.path, BLUEPRINT, SPEED);
  // Wrong resume: the journal is out of sight, so every step runs again on the same servers.
  const runs = path.join(world.dir, '.mbp', 'runs');
  const hidden = path.join(world.dir, 'runs-hidden');
  fs.renameSync(runs, hidden);
  const a = await world.attempt();
  assert.is(a.code, 0, said(a));
  assert.not.match(a.stdout, /Resumed run/);
  for (const f of fs.readdirSync(hidden)) fs.renameSync(path.join(hidden, f), path.join(runs, f));
  const violations = crashInvariantViolations(world.snapshot());
  assert.ok(
    violations.some((v) => /installed 2 time\(s\) for 1 provisioning/.test(v)),
    `the re-run installs should be flagged; got ${JSON.stringify(violations)}`,
  );
});

crash('negative control: a journal that re-runs a finished step or a step in doubt is flagged', () => {
  const header = (run: string, resumes?: string): JournalRecord => ({
    type: 'header', format: 1, run, ...(resumes ? { resumes } : {}), who: 't', host: 'h', pid: 1, cwd: '/', command: ['mbp', 'apply'], params: {}, startedAt: '', at: 0,
  });
  const first: JournalRecord[] = [
    header('r1'),
    { type: 'step-start', id: 'crash/web[0]/power_off', attempt: 1, idempotent: true, at: 1 },
    { type: 'step-end', id: 'crash/web[0]/power_off', attempt: 1, outcome: 'succeeded', outputs: {}, ms: 1, at: 2 },
    { type: 'step-start', id: 'crash/post_deploy/notify/post', attempt: 1, idempotent: false, at: 3 },
  ];
  const second: JournalRecord[] = [
    header('r2', 'r1'),
    { type: 'step-start', id: 'crash/web[0]/power_off', attempt: 1, idempotent: true, at: 4 },
    { type: 'step-start', id: 'crash/post_deploy/notify/post', attempt: 1, idempotent: false, at: 5 },
    { type: 'run-end', status: 'succeeded', counts: { succeeded: 2, failed: 0, skipped: 0, interrupted: 0, 'not-started': 0 }, at: 6 },
  ];
  const world = { inventory: { infrastructures: [], servers: [], reservations: [] }, hardware: { servers: {}, boot_configs: {} } };
  const v = crashInvariantViolations({ ...(world as unknown as Parameters<typeof crashInvariantViolations>[0]), journals: [first, second], alive: () => false });
  assert.ok(v.some((x) => x.includes('started crash/web[0]/power_off again')), JSON.stringify(v));
  assert.ok(v.some((x) => x.includes('re-ran the non-idempotent crash/post_deploy/notify/post')), JSON.stringify(v));
  assert.ok(v.some((x) => x.includes('did not report crash/post_deploy/notify/post')), JSON.stringify(v));
});

crash('killed inside a non-idempotent step: the resume reports it in doubt and does not run it again', async () => {
  const world = newWorld(BLUEPRINT_NOTIFY);
  const compiled = world.mbp('compile', BLUEPRINT_NOTIFY);
  assert.is(compiled.code, 0, compiled.stderr);
  const steps = (JSON.parse(compiled.stdout) as { steps: { id: string; idempotent: boolean }[] }).steps;
  const notify = steps.find((s) => !s.idempotent)!;
  assert.ok(notify, 'the blueprint has a non-idempotent step');
  // post_deploy starts last: the last hit of the mid-step point is inside it.
  await killedAt(world, `executor.mid-step=sigkill-after(${steps.length - 1})`);
  const killedJournal = world.journalRecords().at(-1)!;
  assert.is(stepStarts(killedJournal).at(-1)?.id, notify.id, 'killed inside the notify step');

  const resumed = await world.attempt();
  assert.match(resumed.stdout, new RegExp(`in doubt: .*${notify.id.replace(/[[\]/]/g, '\\$&')}`), said(resumed));
  const resumedJournal = world.journalRecords().at(-1)!;
  assert.not.ok(stepStarts(resumedJournal).some((s) => s.id === notify.id), 'the step in doubt is not run again');
  // The infrastructure stays `failed` and each later apply carries the doubt over until a person settles it (`mbp runs resolve`).
  for (let i = 0; i < 2; i++) {
    const again = await world.attempt();
    assert.is(again.code, 1, said(again));
    assert.match(again.stdout, /in doubt: /, said(again));
  }
  assert.is(world.inventory().infrastructures.find((i) => i.name === 'crash')?.status, 'failed');
  assert.not.ok(world.journalRecords().slice(1).some((j) => stepStarts(j).some((s) => s.id === notify.id)), 'nor by any later apply');
  assertConsistent(world, 'in-doubt step');
});

crash('killed at random moments of a first apply, then resumed', async () => {
  const world = newWorld();
  const landed = await randomKills(world, 5);
  assert.ok(landed >= 1, 'at least one random kill landed');
  await resumeToEnd(world);
  assertConsistent(world, `random kills (seed ${seed})`);
});

crash('killed at random moments while resuming on the same servers, then resumed', async () => {
  const world = newWorld();
  const stopped = await world.attempt({ termWhen: /bind: done/ });
  assert.is(stopped.code, 130, said(stopped));
  await randomKills(world, 6);
  await resumeToEnd(world);
  assertConsistent(world, `random same-server kills (seed ${seed})`);
});

crash(`at least ${MIN_KILLS} SIGKILLs in all`, () => {
  process.stdout.write(`apply-crash: ${kills} SIGKILLs (seed ${seed})\n`);
  assert.ok(kills >= MIN_KILLS, `only ${kills} kills landed`);
});

crash.run();
