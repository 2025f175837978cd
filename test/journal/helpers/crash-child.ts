// A run with a journal, three chained steps that each bump a counter file
// (prep → effect → after), for the crash tests: MBP_FAILPOINTS kills it at a
// chosen point; `resumeFrom` resumes the run a killed child left behind.
// Prints one JSON line with the outcome when it gets to the end.
import fs from 'node:fs';
import path from 'node:path';
import { execute, type ExecNode } from '../../../runtime/executor/index.ts';
import { analyzeJournal, journalObserver, JournalWriter, readRun, resumeStateOf, runEndOf, type FsyncMode } from '../../../runtime/journal/index.ts';

interface Options {
  readonly dir: string;
  readonly runId: string;
  readonly counters: string;
  /** Whether `effect` is idempotent. */
  readonly effectIdempotent: boolean;
  readonly resumeFrom?: string;
  readonly fsync?: FsyncMode;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as Options;

/** The side effect: one byte per run of the step, appended synchronously as the step begins. */
function bump(id: string): number {
  const file = path.join(opts.counters, `${id}.count`);
  fs.appendFileSync(file, 'x');
  return fs.statSync(file).size;
}

const step = (id: string, idempotent: boolean, needs: string[]): ExecNode => ({
  id,
  needs,
  idempotent,
  check: `the counter file ${id}.count`,
  async run() {
    const count = bump(id);
    await new Promise((r) => setTimeout(r, 5));
    return { count };
  },
});

const nodes = [step('prep', true, []), step('effect', opts.effectIdempotent, ['prep']), step('after', true, ['effect'])];

let resume;
let analysis;
if (opts.resumeFrom !== undefined) {
  analysis = analyzeJournal(readRun(opts.dir, opts.resumeFrom).records, nodes.map((n) => n.id));
  resume = resumeStateOf(analysis);
}
const journal = await JournalWriter.create(
  opts.dir,
  { runId: opts.runId, command: ['crash-child'], ...(opts.resumeFrom === undefined ? {} : { resumes: opts.resumeFrom }) },
  { fsync: opts.fsync ?? 'batched' },
);
const result = await execute(nodes, { observers: [journalObserver(journal)], ...(resume === undefined ? {} : { resume }) });
await journal.end(runEndOf(result, Date.now()));
process.stdout.write(
  JSON.stringify({
    status: result.status,
    outcomes: Object.fromEntries([...result.nodes].map(([id, r]) => [id, r.outcome])),
    uncertain: analysis?.uncertain.map((u) => u.id) ?? [],
    rerun: analysis?.rerun.map((r) => r.id) ?? [],
  }) + '\n',
);
