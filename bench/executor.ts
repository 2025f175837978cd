/**
 * Executor overhead benchmark (goal: < 100 µs per step, journal included).
 * Runs N trivial nodes, grouped as instances of `--steps` chained steps
 * (each holding its instance key and a BMC key, as provisioning steps do),
 * once without a journal and once with one in a temp dir, and prints µs per
 * node and journal bytes per node.
 *
 *   node --import tsx bench/executor.ts [--nodes 100000] [--steps 10] [--fsync batched|always]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execute, type ExecNode, type ExecObserver } from '../runtime/executor/index.ts';
import { JournalWriter, journalObserver, type FsyncMode } from '../runtime/journal/index.ts';
import { arg, peakRssMiB, printTable } from './support.ts';

const total = Number(arg('--nodes', '100000'));
const steps = Number(arg('--steps', '10'));
const fsyncMode = arg('--fsync', 'batched') as FsyncMode;
const instances = Math.ceil(total / steps);

function nodes(): ExecNode[] {
  const out: ExecNode[] = [];
  const run = (): Promise<{ ok: boolean }> => Promise.resolve({ ok: true });
  for (let i = 0; i < instances && out.length < total; i++) {
    const base = `bench/worker[${i}]`;
    for (let s = 0; s < steps && out.length < total; s++) {
      out.push({
        id: `${base}/step_${s}`,
        needs: s === 0 ? [] : [`${base}/step_${s - 1}`],
        resources: [`instance:${base}`, `bmc:srv-${i}`],
        idempotent: s % 2 === 0,
        group: { name: 'bench/worker', member: base, maxParallel: 1000, maxFailures: 0 },
        run,
      });
    }
  }
  return out;
}

async function timeRun(observers: ExecObserver[]): Promise<number> {
  const list = nodes();
  const t0 = performance.now();
  const result = await execute(list, { observers, limits: { instance: 1000 } });
  const ms = performance.now() - t0;
  if (result.status !== 'succeeded') throw new Error(`benchmark run ${result.status}`);
  return ms;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-bench-'));
try {
  await timeRun([]); // warm-up: JIT
  const bare = await timeRun([]);
  const journal = await JournalWriter.create(dir, { runId: 'bench', command: ['bench'] }, { fsync: fsyncMode });
  const journaled = await timeRun([journalObserver(journal)]);
  const fileBytes = fs.statSync(journal.path).size;
  await journal.end({ status: 'succeeded', counts: { succeeded: total, failed: 0, skipped: 0, interrupted: 0, 'not-started': 0 }, at: Date.now() });
  printTable(`executor: ${total} nodes (${instances} instances × ${steps} steps), fsync ${fsyncMode}`, [
    ['without journal', `${((bare * 1000) / total).toFixed(2)} µs/node (${bare.toFixed(0)} ms)`],
    ['with journal', `${((journaled * 1000) / total).toFixed(2)} µs/node (${journaled.toFixed(0)} ms)`],
    ['journal bytes', `${(journal.bytes / total).toFixed(1)} bytes/node (${(fileBytes / 1024 / 1024).toFixed(1)} MiB in all)`],
    ['peak RSS', `${peakRssMiB().toFixed(0)} MiB`],
  ]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
