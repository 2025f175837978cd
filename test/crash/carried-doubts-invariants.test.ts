import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyState } from '../../runtime/drivers/simulated/state.ts';
import type { Inventory } from '../../runtime/inventory/index.ts';
import type { JournalRecord } from '../../runtime/journal/index.ts';
import { makeTempDir } from '../support/index.ts';
import { CrashWorld } from './crash-world.ts';
import { crashInvariantViolations } from './invariants.ts';

// The crash invariants follow a `doubtsFrom` link (a run that carried over
// the unresolved doubts of a failed one) for the doubts only: re-running or
// not reporting a carried doubt is reported, re-running the failed run's
// instance steps is not (the carrying run provisions them again, rightly).
// Hand-written journals: the failed run `failed` finished the VLANs and an
// instance's power_on, failed its install, and skipped the notify step in
// doubt. Then the journals the real executable writes, which must pass.

const VLAN = 'crash/allocate_vlans';
const POWER_ON = 'crash/web[0]/power_on';
const INSTALL = 'crash/web[0]/install_os';
const NOTIFY = 'crash/post_deploy/notify/post';
const COUNTS = { succeeded: 0, failed: 0, skipped: 0, cancelled: 0, interrupted: 0, 'not-started': 0 };

type Link = { readonly resumes: string } | { readonly doubtsFrom: string } | Record<string, never>;

const header = (run: string, link: Link): JournalRecord => ({
  type: 'header', format: 1, run, ...link, who: 't', host: 'h', pid: 1, cwd: '/', command: ['mbp', 'apply', 'crash.mbp'], params: {}, startedAt: '', at: 0,
});
const ran = (id: string, outcome: 'succeeded' | 'failed', idempotent = true): JournalRecord[] => [
  { type: 'step-start', id, attempt: 1, idempotent, at: 1 },
  { type: 'step-end', id, attempt: 1, outcome, outputs: {}, ms: 1, at: 2 },
];
const skippedInDoubt: JournalRecord = { type: 'step-skip', id: NOTIFY, kind: 'uncertain', reason: `step ${NOTIFY} may or may not have happened`, at: 3 };
const end = (status: 'succeeded' | 'failed'): JournalRecord => ({ type: 'run-end', status, counts: COUNTS, at: 4 });

const failed: JournalRecord[] = [header('failed', {}), ...ran(VLAN, 'succeeded'), ...ran(POWER_ON, 'succeeded'), ...ran(INSTALL, 'failed'), skippedInDoubt, end('failed')];

/** The next apply, linked to `failed` by `link`: it carries the VLANs over, provisions web[0] again, then handles the notify step as `notify` says. */
function next(link: Link, notify: 'skips it in doubt' | 'runs it' | 'ignores it'): JournalRecord[] {
  return [
    header('carrying', link),
    { type: 'step-resumed', id: VLAN, outputs: {}, at: 1 },
    ...ran(POWER_ON, 'succeeded'),
    ...ran(INSTALL, 'succeeded'),
    ...(notify === 'skips it in doubt' ? [skippedInDoubt] : notify === 'runs it' ? ran(NOTIFY, 'succeeded', false) : []),
    end(notify === 'skips it in doubt' ? 'failed' : 'succeeded'),
  ];
}

const inventory: Inventory = {
  format_version: 1, serial: 0, created_at: '', next_instance_id: 1, datacenters: [], racks: [], server_types: [], servers: [], switches: [], infrastructures: [], reservations: [],
} as unknown as Inventory;
const violations = (...journals: JournalRecord[][]): string[] => crashInvariantViolations({ inventory, hardware: emptyState(), journals, alive: () => false });

const test = suite('crash invariants: a run that carried the doubts of a failed run over');

test('a carrying run that skips the doubt and provisions the failed instance again breaks nothing', () => {
  assert.equal(violations(failed, next({ doubtsFrom: 'failed' }, 'skips it in doubt')), []);
});

test('a carrying run that re-runs the doubted step is reported; without the doubtsFrom link it is not', () => {
  const v = violations(failed, next({ doubtsFrom: 'failed' }, 'runs it'));
  assert.equal(v, [`run carrying re-ran the non-idempotent ${NOTIFY}, in doubt after run failed`, `run carrying did not report ${NOTIFY}, in doubt after run failed`]);
  assert.equal(violations(failed, next({}, 'runs it')), [], 'negative control: an unlinked run is a fresh apply');
});

test('a carrying run that neither runs nor reports the doubt is reported', () => {
  assert.equal(violations(failed, next({ doubtsFrom: 'failed' }, 'ignores it')), [`run carrying did not report ${NOTIFY}, in doubt after run failed`]);
});

test('re-running the failed run\'s finished instance step is reported for a resume only, not for a carrying run', () => {
  assert.not.ok(violations(failed, next({ doubtsFrom: 'failed' }, 'skips it in doubt')).some((v) => v.includes(POWER_ON)));
  // Control: the same journal as a resume of the failed run re-runs a finished step.
  assert.equal(violations(failed, next({ resumes: 'failed' }, 'skips it in doubt')), [`run carrying started ${POWER_ON} again, which run failed had finished`]);
});

test('a resume of a carrying run killed before it copied anything: the doubt still holds, the failed run\'s instance steps do not', () => {
  const killed = [header('carrying', { doubtsFrom: 'failed' })];
  const resume = (notify: 'skips it in doubt' | 'runs it'): JournalRecord[] => [header('resume', { resumes: 'carrying' }), ...next({}, notify).slice(1)];
  assert.equal(violations(failed, killed, resume('skips it in doubt')), []);
  assert.ok(violations(failed, killed, resume('runs it')).includes(`run resume re-ran the non-idempotent ${NOTIFY}, in doubt after run failed`));
});

test('the real executable: a killed run, its failed resume, the apply carrying the doubt over break nothing; re-running the doubt would', async () => {
  const temp = makeTempDir();
  try {
    const blueprint = 'two-arrays-notify.mbp';
    fs.copyFileSync(fileURLToPath(new URL(`./fixtures/${blueprint}`, import.meta.url)), path.join(temp.path, blueprint));
    const world = new CrashWorld(temp.path, blueprint, '0');
    assert.is(world.mbp('inventory', 'init', '--demo').code, 0);
    const steps = (JSON.parse(world.mbp('compile', blueprint).stdout) as { steps: { id: string; idempotent: boolean }[] }).steps;
    // post_deploy's non-idempotent step starts last: killed inside it.
    assert.is((await world.attempt({ failpoints: `executor.mid-step=sigkill-after(${steps.length - 1})` })).signal, 'SIGKILL');
    assert.is((await world.attempt()).code, 1, 'the resume ends failed: the step is in doubt');
    const carried = await world.attempt();
    assert.match(carried.stdout, /Carried over 1 unresolved step\(s\) in doubt/, carried.stdout + carried.stderr);
    const snapshot = world.snapshot();
    const carrying = snapshot.journals.at(-1)!;
    assert.ok(carrying[0]?.type === 'header' && carrying[0].doubtsFrom !== undefined, 'the last run carried the doubt over');
    assert.equal(crashInvariantViolations(snapshot), []);
    // Control: the carrying journal as it would read had the run ignored the doubt and run the step.
    const step = steps.find((s) => !s.idempotent)!.id;
    const rerun = carrying.flatMap((r) => (r.type === 'step-skip' && r.id === step ? ran(step, 'succeeded', false) : [r]));
    const v = crashInvariantViolations({ ...snapshot, journals: [...snapshot.journals.slice(0, -1), rerun] });
    assert.ok(v.some((x) => x.includes(`re-ran the non-idempotent ${step}, in doubt after run`)), JSON.stringify(v));
  } finally {
    temp.cleanup();
  }
});

test.run();
