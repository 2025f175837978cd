import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isApplyOf, journalLinkOf, resumableRun, unresolvedDoubts } from '../../runtime/apply/index.ts';
import { ManualClock } from '../../runtime/clock/index.ts';
import { inDoubtMessage, JournalWriter, newRunId, type RunHeaderInput } from '../../runtime/journal/index.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';

// What the next apply takes from a run that carried over the doubts of a
// failed one (journaled `doubtsFrom`, not `resumes`) and was killed before it
// copied anything into its own journal: the resume folds only what was
// carried (the doubt, the infrastructure-wide finished steps), never the
// failed run's instance steps, which the carrying run provisions again.

const BLUEPRINT = 'crash.mbp';
const POWER_ON = 'crash/web[0]/power_on';
const INSTALL = 'crash/web[0]/install_os';
const VLAN = 'crash/allocate_vlans';
const NOTIFY = 'crash/post_deploy/notify/post';
const NODES = [VLAN, POWER_ON, INSTALL, NOTIFY];
const COUNTS = { succeeded: 2, failed: 1, skipped: 1, cancelled: 0, interrupted: 0, 'not-started': 0 };

const chain = suite('a killed run that carried doubts over: its resume');
const temps: TempDir[] = [];
chain.after(() => {
  for (const t of temps) t.cleanup();
});

const header = (runId: string, link: Partial<RunHeaderInput> = {}): RunHeaderInput => ({ runId, command: ['mbp', 'apply', BLUEPRINT], blueprint: { path: BLUEPRINT, sha256: '0' }, ...link });

/** A failed apply: the VLAN allocated, web[0] powered on then its install failed, the notify step skipped in doubt (carried from a killed run). Returns the dir and its id. */
async function failedApply(clock: ManualClock): Promise<{ dir: string; failed: string }> {
  const temp = makeTempDir();
  temps.push(temp);
  const failed = newRunId(new Date(clock.now()));
  const w = await JournalWriter.create(temp.path, header(failed), { clock });
  const at = clock.now();
  for (const id of [VLAN, POWER_ON]) {
    w.append({ type: 'step-start', id, attempt: 1, idempotent: true, at });
    w.append({ type: 'step-end', id, attempt: 1, outcome: 'succeeded', outputs: { id }, ms: 1, at });
  }
  w.append({ type: 'step-start', id: INSTALL, attempt: 1, idempotent: true, at });
  w.append({ type: 'step-end', id: INSTALL, attempt: 1, outcome: 'failed', error: 'boom', ms: 1, at });
  w.append({ type: 'step-skip', id: NOTIFY, kind: 'uncertain', reason: inDoubtMessage(NOTIFY, 'the hook'), at });
  await w.end({ status: 'failed', counts: COUNTS, at });
  await w.close();
  return { dir: temp.path, failed };
}

/** The next apply's journal, killed right after its header: `link` is how it names the failed run. */
async function killedAfterHeader(dir: string, clock: ManualClock, link: Partial<RunHeaderInput>): Promise<string> {
  await clock.advance(1000);
  const runId = newRunId(new Date(clock.now()));
  await (await JournalWriter.create(dir, header(runId, link), { clock })).close();
  return runId;
}

chain('the failed run is carried over, not resumed, and the header link says so', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const { dir, failed } = await failedApply(clock);
  assert.is(resumableRun(dir, isApplyOf(BLUEPRINT), NODES, () => undefined), undefined, 'an ended run is not resumable');
  const carried = unresolvedDoubts(dir, BLUEPRINT, NODES);
  assert.ok(carried);
  assert.is(carried.kind, 'doubts');
  assert.equal(journalLinkOf(carried), { doubtsFrom: failed });
  assert.equal([...carried.state.done.keys()], [VLAN], 'only infrastructure-wide steps are carried');
  assert.equal([...(carried.state.uncertain?.keys() ?? [])], [NOTIFY]);
});

chain('killed before copying: the resume keeps the doubt and the carried steps, not the failed instance steps', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const { dir, failed } = await failedApply(clock);
  const carrying = await killedAfterHeader(dir, clock, { doubtsFrom: failed });
  const resume = resumableRun(dir, isApplyOf(BLUEPRINT), NODES, () => undefined);
  assert.ok(resume);
  assert.is(resume.id, carrying);
  assert.is(resume.kind, 'resume');
  assert.equal(journalLinkOf(resume), { resumes: carrying });
  assert.equal([...(resume.state.uncertain?.keys() ?? [])], [NOTIFY], 'the doubt is not lost: the step is not run');
  assert.equal([...resume.state.done.keys()], [VLAN]);
  assert.is(resume.state.done.get(VLAN)?.['id'], VLAN, 'with its outputs');
});

chain('negative control: linked as a resume (`resumes`), the failed run\'s instance steps would count as done', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const { dir, failed } = await failedApply(clock);
  await killedAfterHeader(dir, clock, { resumes: failed });
  const resume = resumableRun(dir, isApplyOf(BLUEPRINT), NODES, () => undefined);
  assert.ok(resume);
  assert.ok(resume.state.done.has(POWER_ON), 'the whole failed journal is folded');
});

chain.run();
