import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { inDoubtMessage, JournalWriter, newRunId, type RunHeaderInput } from '../../runtime/journal/index.ts';
import { runCli } from '../cli/cli-harness.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';

// `mbp runs` shows how a run links to an earlier one, as `mbp runs show`
// does: `resumes RUN` (it continued a killed run), `carries doubts of RUN`
// (it took over the unresolved doubts of a failed run; not a resume). Real
// journals, written by the journal writer, listed by the CLI in-process.

const NOTIFY = 'crash/post_deploy/notify/post';
const COUNTS = { succeeded: 0, failed: 0, skipped: 1, cancelled: 0, interrupted: 0, 'not-started': 0 };

const links = suite('mbp runs: the resumes and doubtsFrom links');
const temps: TempDir[] = [];
links.after(() => {
  for (const t of temps) t.cleanup();
});

interface World {
  readonly cwd: string;
  readonly plain: string;
  readonly killed: string;
  readonly resumed: string;
  readonly carrying: string;
}

/** A plain apply, then one killed inside the notify step, its resume (ended failed, the step in doubt), and the apply that carried the doubt over. */
async function world(): Promise<World> {
  const temp = makeTempDir();
  temps.push(temp);
  const dir = path.join(temp.path, '.mbp');
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const run = async (link: Partial<RunHeaderInput>, body: (w: JournalWriter, at: number) => void, ended: boolean): Promise<string> => {
    await clock.advance(1000);
    const runId = newRunId(new Date(clock.now()));
    const w = await JournalWriter.create(dir, { runId, command: ['mbp', 'apply', 'crash.mbp'], ...link }, { clock });
    body(w, clock.now());
    if (ended) await w.end({ status: link.resumes === undefined && link.doubtsFrom === undefined ? 'succeeded' : 'failed', counts: COUNTS, at: clock.now() });
    await w.close();
    return runId;
  };
  const skipInDoubt = (w: JournalWriter, at: number): void => w.append({ type: 'step-skip', id: NOTIFY, kind: 'uncertain', reason: inDoubtMessage(NOTIFY, 'the hook log'), at });
  const plain = await run({}, () => {}, true);
  const killed = await run({}, (w, at) => w.append({ type: 'step-start', id: NOTIFY, attempt: 1, idempotent: false, at }), false);
  const resumed = await run({ resumes: killed }, skipInDoubt, true);
  const carrying = await run({ doubtsFrom: resumed }, skipInDoubt, true);
  return { cwd: temp.path, plain, killed, resumed, carrying };
}

const lineOf = (stdout: string, id: string): string => stdout.split('\n').find((l) => l.startsWith(id)) ?? `(no line for ${id} in:\n${stdout})`;

links('the text list ends a linked run\'s line with its link, and only a linked run\'s', async () => {
  const w = await world();
  const r = await runCli(['runs'], { cwd: w.cwd });
  assert.is(r.code, 0, r.stderr);
  assert.match(lineOf(r.stdout, w.resumed), new RegExp(`  failed  \\(1 skipped\\)  resumes ${w.killed}$`));
  assert.match(lineOf(r.stdout, w.carrying), new RegExp(`  failed  \\(1 skipped\\)  carries doubts of ${w.resumed}$`));
  assert.not.match(lineOf(r.stdout, w.carrying), /resumes/, 'carrying doubts over is not a resume');
  for (const id of [w.plain, w.killed]) assert.not.match(lineOf(r.stdout, id), /resumes|carries/);
  assert.match(lineOf(r.stdout, w.killed), /  incomplete  \(1 running\)$/);
});

links('the JSON list has `resumes` / `doubts_from` only when set, beside the fields it had', async () => {
  const w = await world();
  const r = await runCli(['runs', '--format', 'json'], { cwd: w.cwd });
  assert.is(r.code, 0, r.stderr);
  const runs = JSON.parse(r.stdout) as Record<string, unknown>[];
  const byId = new Map(runs.map((x) => [x['id'], x]));
  assert.is(byId.get(w.resumed)?.['resumes'], w.killed);
  assert.not.ok('doubts_from' in byId.get(w.resumed)!);
  assert.is(byId.get(w.carrying)?.['doubts_from'], w.resumed);
  assert.not.ok('resumes' in byId.get(w.carrying)!);
  for (const id of [w.plain, w.killed]) assert.equal(Object.keys(byId.get(id)!), ['id', 'started_at', 'who', 'host', 'command', 'status', 'steps']);
});

links('`mbp runs resolve --help` covers a step carried over, and says to give the latest run', async () => {
  const r = await runCli(['runs', 'resolve', '--help']);
  const help = r.stdout.replace(/\s+/g, ' ');
  assert.match(help, /killed/);
  assert.match(help, /carries the step over/);
  assert.match(help, /carries doubts of RUN/, 'it names the mark `mbp runs` prints');
  assert.match(help, /LATEST run of the blueprint/);
  assert.match(help, /the later run that carried the step over/);
});

links.run();
