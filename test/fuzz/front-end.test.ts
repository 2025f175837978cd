import { randomInt } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import { fail } from '../support/index.ts';
import { heartbeatBuffer, loadCorpus, mutantOf, readHeartbeat, type Failure, type FuzzOptions } from './fuzz-run.ts';

/**
 * Seeded fuzzing of the front end: every example, golden case and broken case, mutated
 * (bytes deleted and inserted, truncation, tokens of the lexer's vocabulary
 * inserted, lines duplicated, brackets swapped), through `tokenize`, `parse`
 * and the `mbp check` pipeline; see check-mutant.ts for the invariants. The
 * loop runs in a worker so that an input on which the front end hangs is
 * caught and named too. Environment:
 *   MBP_FUZZ_SEED=N         replay a run (the seed is printed at the start)
 *   MBP_FUZZ_ITERATIONS=N   how many mutants (default 4000)
 *   MBP_FUZZ_ITERATION=N    replay only iteration N of the seed's run
 */
const DEFAULT_ITERATIONS = 4000;
const MAX_REPORTED = 5;
/** No check of one input takes anywhere near this long; past it the front end is stuck. */
const STALL_MS = 20_000;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

const seed = envNumber('MBP_FUZZ_SEED') ?? randomInt(2 ** 32 - 1);
const count = envNumber('MBP_FUZZ_ITERATIONS') ?? DEFAULT_ITERATIONS;
const only = envNumber('MBP_FUZZ_ITERATION');

const show = (bytes: Uint8Array): string => JSON.stringify(new TextDecoder('utf-8').decode(bytes));
const clip = (bytes: Uint8Array): string => (bytes.length > 4000 ? `${show(bytes.subarray(0, 4000))}…` : show(bytes));
const replay = (iteration: number): string => `MBP_FUZZ_SEED=${seed} MBP_FUZZ_ITERATION=${iteration}`;

type Outcome = { kind: 'done'; failures: Failure[]; ms: number } | { kind: 'hang'; iteration: number; minimising: boolean; bytes: Uint8Array } | { kind: 'crash'; error: unknown };

function runInWorker(options: FuzzOptions): Promise<Outcome> {
  const heartbeat = heartbeatBuffer();
  const worker = new Worker(new URL('./fuzz-worker-boot.mjs', import.meta.url), { workerData: { options, heartbeat } });
  return new Promise((resolve) => {
    let last = readHeartbeat(heartbeat).beat;
    let lastChange = Date.now();
    const watchdog = setInterval(() => {
      const now = readHeartbeat(heartbeat);
      if (now.beat !== last) {
        last = now.beat;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > STALL_MS && now.beat > 0) {
        clearInterval(watchdog);
        void worker.terminate();
        resolve({ kind: 'hang', iteration: now.iteration, minimising: now.minimising, bytes: now.bytes });
      }
    }, 500);
    worker.on('message', (m: { failures: Failure[]; ms: number }) => {
      clearInterval(watchdog);
      resolve({ kind: 'done', failures: m.failures, ms: m.ms });
    });
    worker.on('error', (error) => {
      clearInterval(watchdog);
      resolve({ kind: 'crash', error });
    });
  });
}

test('the front end keeps its invariants on mutated inputs', async () => {
  const corpus = loadCorpus();
  if (corpus.inputs.length === 0) fail('nothing to fuzz: no example and no case found', []);
  const iterations = only !== undefined ? [only] : Array.from({ length: count }, (_, i) => i);
  console.log(
    `fuzz: seed ${seed} (replay with MBP_FUZZ_SEED=${seed}), ${iterations.length} iteration(s) over ${corpus.inputs.length} inputs, ${corpus.vocabulary.length} vocabulary entries`,
  );
  const outcome = await runInWorker({ seed, iterations, maxReported: MAX_REPORTED });

  if (outcome.kind === 'crash') throw outcome.error;
  if (outcome.kind === 'hang') {
    const original = mutantOf(corpus, seed, outcome.iteration);
    fail(`seed ${seed}: the front end did not finish within ${STALL_MS / 1000} s on iteration ${outcome.iteration} (replay: ${replay(outcome.iteration)})`, [
      `from ${original.input}; mutations: ${original.steps.join('; ')}`,
      `${outcome.minimising ? 'while minimising, on the input' : 'on the mutant'} (${outcome.bytes.length} bytes): ${clip(outcome.bytes)}`,
    ]);
  }
  console.log(`fuzz: done in ${outcome.ms} ms`);
  if (outcome.failures.length === 0) return;
  const report = outcome.failures.flatMap((f) => [
    `iteration ${f.iteration} (replay: ${replay(f.iteration)}), from ${f.input}`,
    `  mutations: ${f.steps.join('; ')}`,
    ...f.problems.slice(0, 5).map((p) => `  ${p}`),
    `  minimised (${f.minimised.length} bytes): ${show(f.minimised)}`,
    `  mutant (${f.mutant.length} bytes): ${clip(f.mutant)}`,
    '',
  ]);
  fail(`seed ${seed}: ${outcome.failures.length} distinct invariant violation(s)`, report);
});

test.run();
