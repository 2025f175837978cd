/**
 * Apply benchmark, two parts.
 *
 * 1. Overhead: `applyResolution` (the code `mbp apply` runs) of a generated
 *    blueprint (one infrastructure of 100 arrays, `--instances` in all, the
 *    default sequence per instance) against a generated inventory
 *    (generate-inventory.ts) on the simulated datacenter at speed 0 (zero
 *    durations), with the JSON-file store and the journal in a temp dir.
 *    The inventory has ~2 servers per instance (enough of each type in
 *    one datacenter). Prints total time and time per executed step (split
 *    into before the first step, the steps, after the last), the executor +
 *    journal cost per step (the same nodes with handlers that do nothing),
 *    inventory commits, peak RSS, and bytes written per step (from
 *    /proc/self/io `wchar`: journal and inventory by file size, each commit
 *    counted, hardware state the rest).
 * 2. Scheduling: the executor on a stated provisioning-shaped workload with
 *    seeded durations (`--wl-instances` instances × 8 chained steps, each
 *    instance holding an `instance` span slot, durations uniform in
 *    [5, 45] ms from `--seed`): makespan against its lower bound
 *    max(critical path, total work / parallelism), on the wall clock and on
 *    a virtual clock, with exact, ±30% and no duration estimates.
 *    `--only scheduling` skips part 1, `--only apply` part 2.
 * 3. The command (with part 1, unless `--cli off`): `mbp apply --auto-approve
 *    --speed 0` of the same blueprint on a fresh copy of the same inventory,
 *    as a user runs it (its own process, the plain log to a pipe nobody
 *    reads): wall time and the process's own peak RSS (bench/peak-rss.mjs).
 *    Part 1 runs `applyResolution` under the same heap policy the command
 *    sets (runtime/apply/heap-policy.ts); `MBP_HEAP_GROWING_PERCENT` changes
 *    both.
 *
 *   node --import tsx bench/apply.ts [--instances 10000] [--wl-instances 50,200,400] [--parallel 50] [--seed 1] [--only scheduling|apply] [--durable-calls on|off] [--cli on|off]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileBlueprint } from '../compiler/lower/index.ts';
import { MemoryFileSystem } from '../compiler/sources/index.ts';
import { applyResolution, openSimulatedHardware, simulatedStatePath, stepNodes, useRunHeapPolicy, type NodesBuilder } from '../runtime/apply/index.ts';
import { ManualClock } from '../runtime/clock/index.ts';
import { execute, type ExecNode, type ExecObserver, type Outputs } from '../runtime/executor/index.ts';
import { JournalWriter, journalObserver, runEndOf } from '../runtime/journal/index.ts';
import { JsonFileInventoryStore, serializeInventory, type Inventory, type InventoryStore, type TransactionOptions } from '../runtime/inventory/index.ts';
import { resolvePlan } from '../runtime/resolve/index.ts';
import { generateInventory } from './generate-inventory.ts';
import { arg, arraysBlueprint, ms, peakRssMiB, printMachine, printTable } from './support.ts';

const instanceCount = Number(arg('--instances', '10000'));
/** The simulated datacenter's durable driver calls (`openSimulatedHardware`'s `durableCalls`): each figure says which it used. */
const durableCalls = arg('--durable-calls', 'off') === 'on';
const wlInstances = arg('--wl-instances', '50,200,400').split(',').map(Number);
const parallel = Number(arg('--parallel', '50'));
const seed = Number(arg('--seed', '1'));
const cli = arg('--cli', 'on') !== 'off';

/** The run's heap policy, as `mbp apply` sets it, applied to this process before anything is allocated. */
const heapPolicy = useRunHeapPolicy();
if (typeof heapPolicy === 'object') throw new Error(heapPolicy.error);
const heapPolicyLabel = heapPolicy === undefined ? "V8's own" : `${heapPolicy}%`;
const ARRAYS = 100;
/** Server types by the generator's weights (it makes 30/30/15/20/5 % of small, medium, large-2, large-4, GPU). */
const TYPES = ['M.8.32.2', 'M.16.64.2', 'M.8.32.2', 'M.16.64.2', 'M.40.256.4', 'M.40.256.4', 'M.40.256.2', 'M.8.32.2', 'M.16.64.2', 'M.40.256.4'];

/** One infrastructure of 100 arrays, `instances` in all. */
const blueprint = (instances: number): string => arraysBlueprint('infra_0', ARRAYS, Math.max(1, Math.round(instances / ARRAYS)), TYPES);

/** Bytes this process has handed to write() so far (Linux). */
function writtenBytes(): number {
  const m = /wchar:\s*(\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

function mulberry32(s: number): () => number {
  let state = s >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generated inventory, blueprint and resolution of part 1, in `dir`. */
async function applyWorkload(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const invPath = path.join(dir, 'inventory.json');
  // Enough servers of each type in dc-east (80% of racks, 4% out of service) with a margin: ~2 per instance (1.9 left one type 5 short at 10,000).
  const servers = Math.ceil(instanceCount * 2) + 200;
  fs.writeFileSync(invPath, serializeInventory(generateInventory(servers)));
  const inner = new JsonFileInventoryStore(invPath, { command: 'bench apply' });
  const inventory = await inner.read();
  const compiled = await compileBlueprint(new MemoryFileSystem({ '/bench/main.mbp': blueprint(instanceCount) }), '/bench/main.mbp', { cwd: '/bench' });
  const plan = compiled.plan;
  if (plan === undefined) throw new Error(`the generated blueprint does not compile: ${compiled.diagnostics[0]?.message}`);
  const { resolution, problems } = resolvePlan(plan, inventory);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`the plan does not resolve: ${errors[0]!.message}`);
  const hardware = await openSimulatedHardware(inventory, invPath, { speed: 0, durableCalls });
  return { dir, invPath, inner, inventory, plan, resolution, hardware };
}

/** The store, counting the commits that replaced the file and the bytes each wrote. */
function countingStore(inner: InventoryStore, file: string): { store: InventoryStore; counts: { commits: number; bytes: number; ms: number[] } } {
  // `ms`: each transaction's wall time, lock to unlock (reserve first, activate last).
  const counts = { commits: 0, bytes: 0, ms: [] as number[] };
  const stampOf = (): string => {
    const s = fs.statSync(file);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  };
  let stamp = stampOf();
  const store: InventoryStore = {
    location: inner.location,
    read: () => inner.read(),
    async transaction<T>(fn: (draft: Inventory) => T | Promise<T>, opts?: TransactionOptions): Promise<T> {
      const t0 = performance.now();
      try {
        return await inner.transaction(fn, opts);
      } finally {
        counts.ms.push(performance.now() - t0);
        const now = stampOf();
        if (now !== stamp) {
          stamp = now;
          counts.commits++;
          counts.bytes += fs.statSync(file).size;
        }
      }
    },
  };
  return { store, counts };
}

/**
 * One `applyResolution` of the workload, timed in three parts: before the
 * first step starts (reserve commit, facts, nodes), the steps (first start
 * to last event), after them (activate commit, journal end).
 */
async function timedApply(w: Awaited<ReturnType<typeof applyWorkload>>, nodes?: NodesBuilder) {
  const { store, counts } = countingStore(w.inner, w.invPath);
  let first = NaN;
  let last = NaN;
  const observer: ExecObserver = {
    onEvent: (e) => {
      last = performance.now();
      if (Number.isNaN(first) && e.type === 'start') first = last;
    },
  };
  const before = writtenBytes();
  const t0 = performance.now();
  const outcome = await applyResolution({ plan: w.plan, resolution: w.resolution, store, hardware: w.hardware, journalDir: w.dir, observers: [observer], ...(nodes ? { nodes } : {}) });
  await w.hardware.close();
  const t1 = performance.now();
  const written = writtenBytes() - before;
  if (outcome.status !== 'succeeded') throw new Error(`the apply ${outcome.status}`);
  return {
    total: t1 - t0,
    setup: first - t0,
    stepsWall: last - first,
    finish: t1 - last,
    steps: outcome.result.counts.succeeded,
    written,
    journal: fs.statSync(path.join(w.dir, 'runs', `${outcome.runId}.jsonl`)).size,
    commits: counts.commits,
    transactionMs: counts.ms,
    inventoryBytes: counts.bytes,
  };
}

/**
 * The nodes `applyResolution` builds by default on the simulated datacenter
 * (its builder, less the SSH/HTTP drivers no step of this blueprint uses),
 * kept in `into` for the executor-only measurement.
 */
const capturingNodes =
  (hardware: Awaited<ReturnType<typeof applyWorkload>>['hardware'], into: ExecNode[]): NodesBuilder =>
  async (steps, ctx, run) => {
    const nodes = await stepNodes({ runtime: hardware.stepRuntime, ...run })(steps, ctx);
    into.push(...nodes);
    return nodes;
  };

/** The same nodes (DAG, resources) with handlers that do nothing, through the executor and a journal: what those two cost per step. */
async function executorOnly(nodes: readonly ExecNode[], dir: string): Promise<number> {
  const journal = await JournalWriter.create(dir, { runId: 'noop', command: ['bench'] });
  const t0 = performance.now();
  const result = await execute(nodes.map((n) => ({ ...n, run: async () => ({}) })), { observers: [journalObserver(journal)] });
  const elapsed = performance.now() - t0;
  await journal.end(runEndOf(result, Date.now()));
  await journal.close();
  if (result.status !== 'succeeded') throw new Error(`the no-op run ${result.status}`);
  return elapsed;
}

async function overhead(dir: string): Promise<void> {
  const w = await applyWorkload(dir);
  const built: ExecNode[] = [];
  const r = await timedApply(w, capturingNodes(w.hardware, built));
  const peak = peakRssMiB();
  const invBytes = fs.statSync(w.invPath).size;
  const hwBytes = fs.statSync(simulatedStatePath(w.invPath)).size;
  const noop = { total: await executorOnly(built, path.join(dir, 'noop')), steps: built.length };
  const us = (msTotal: number, steps: number): string => `${((msTotal * 1000) / steps).toFixed(0)} µs`;
  const perStep = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB, ${(bytes / r.steps).toFixed(0)} bytes/step`;
  printTable(`apply: ${instanceCount.toLocaleString('en')} instances (1 infrastructure × ${ARRAYS} arrays), simulated datacenter at speed 0 (durable calls ${durableCalls ? 'on' : 'off'}), JSON-file store`, [
    ['inventory', `${w.inventory.servers.length.toLocaleString('en')} servers, ${(invBytes / 1e6).toFixed(1)} MB at the end`],
    ['instances / steps run', `${instanceCount.toLocaleString('en')} / ${r.steps.toLocaleString('en')}`],
    ['total wall', ms(r.total)],
    ['per step (total / steps)', us(r.total, r.steps)],
    ['  before the first step', `${ms(r.setup)} (reserve commit, facts, nodes)`],
    ['  steps (first start → last end)', `${ms(r.stepsWall)}, ${us(r.stepsWall, r.steps)} per step (bind commits included)`],
    ['  after the last step', `${ms(r.finish)} (activate commit, journal end)`],
    ['executor + journal per step', `${us(noop.total, noop.steps)} (the same ${noop.steps.toLocaleString('en')} nodes, handlers that do nothing; ${ms(noop.total)} in all)`],
    ['inventory commits', `${r.commits.toLocaleString('en')} (reserve, binds grouped, activate)`],
    ['  transactions (lock to unlock)', `reserve ${ms(r.transactionMs[0] ?? NaN)}, activate ${ms(r.transactionMs.at(-1) ?? NaN)}, checkpoints ${r.transactionMs.slice(1, -1).map(ms).join(', ') || 'none'}`],
    ['bytes written (wchar)', perStep(r.written)],
    ['  journal', perStep(r.journal)],
    ['  inventory', perStep(r.inventoryBytes)],
    ['  hardware state (the rest)', `${perStep(r.written - r.journal - r.inventoryBytes)} (file ${(hwBytes / 1e6).toFixed(1)} MB)`],
    ['peak RSS (real run)', `${peak.toFixed(0)} MiB (heap growth ${heapPolicyLabel})`],
  ]);
}

/** `mbp apply` of the part 1 workload in its own process: wall time and its peak RSS. */
async function commandApply(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const invPath = path.join(dir, 'inventory.json');
  fs.writeFileSync(invPath, serializeInventory(generateInventory(Math.ceil(instanceCount * 2) + 200)));
  fs.writeFileSync(path.join(dir, 'main.mbp'), blueprint(instanceCount));
  const rssFile = path.join(dir, 'peak-rss');
  const root = path.resolve(import.meta.dirname, '..');
  const args = ['--import', path.join(root, 'bench', 'peak-rss.mjs'), path.join(root, 'cli', 'bin', 'mbp.js'), 'apply', 'main.mbp', '--auto-approve', '--speed', '0', '--inventory', invPath];
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', MBP_BENCH_PEAK_RSS_FILE: rssFile };
  delete env.MBP_INVENTORY;
  const t0 = performance.now();
  const { code, lines, tail } = await new Promise<{ code: number | null; lines: number; tail: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let tail = '';
    const keep = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
      tail = (tail + text).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, lines, tail }));
  });
  const wall = performance.now() - t0;
  if (code !== 0) throw new Error(`mbp apply exited ${code}:\n${tail}`);
  const peakKiB = Number(fs.readFileSync(rssFile, 'utf8'));
  printTable(`mbp apply: the same ${instanceCount.toLocaleString('en')} instances as a user runs it (own process, plain log, --speed 0, heap growth ${heapPolicyLabel})`, [
    ['wall (start to exit)', `${ms(wall)} (compile, plan, resolve and the apply; ${lines.toLocaleString('en')} lines of output)`],
    ['peak RSS of the process', `${(peakKiB / 1024).toFixed(0)} MiB`],
  ]);
}

interface SchedulingRun {
  readonly makespan: number;
  /** Mean distance between when a step's timer fired and when it was due, either way (wall clock only). */
  readonly latenessPerStep: number;
  /** From the call to `execute` to the first step's start: the graph's checks, and a cold JIT on a first run. */
  readonly firstStart: number;
}

type Estimates = 'exact' | 'noisy' | 'none';

/**
 * One run of the workload. On the wall clock each step sleeps until a
 * deadline counted from its chain's intended start, so a timer firing late
 * shortens the next step of the chain instead of lengthening the chain (the
 * chain keeps any delay the executor itself adds between steps: each step's
 * clock starts when the executor starts it). On the virtual clock
 * (`ManualClock`) timers are exact and only the scheduling policy shows.
 */
async function schedulingRun(durations: readonly (readonly number[])[], estimates: Estimates, virtual: boolean): Promise<SchedulingRun> {
  const clock = new ManualClock();
  const noise = mulberry32(seed + 1);
  let lateness = 0;
  let firstStart: number | undefined;
  const nodes: ExecNode[] = [];
  durations.forEach((steps, i) => {
    const key = `wl/node[${i}]`;
    const chain = { late: 0 };
    steps.forEach((d, s) => {
      const run = virtual
        ? () => clock.sleep(d).then(() => ({}))
        : () =>
            new Promise<Outputs>((resolve) => {
              const start = performance.now();
              firstStart ??= start;
              const due = start - chain.late + d;
              setTimeout(() => {
                // Negative when Node's cached loop time fires the timer before `due`: the next step then runs longer.
                chain.late = performance.now() - due;
                lateness += Math.abs(chain.late);
                resolve({});
              }, Math.max(0, due - start));
            });
      const node: ExecNode = {
        id: `${key}/s${s}`,
        needs: s === 0 ? [] : [`${key}/s${s - 1}`],
        resources: [`instance:${key}`, `bmc:srv-${i}`],
        idempotent: true,
        run,
      };
      // ±30% (seeded) stands for estimates from step kinds or earlier runs, which are never exact.
      const estimate = estimates === 'exact' ? d : estimates === 'noisy' ? d * (0.7 + 0.6 * noise()) : undefined;
      nodes.push(estimate === undefined ? node : { ...node, estimateMs: estimate });
    });
  });
  const options = { limits: { instance: parallel }, order: estimates === 'none' ? ('given' as const) : ('critical-path' as const) };
  const t0 = virtual ? clock.now() : performance.now();
  const result = virtual ? await clock.runUntil(execute(nodes, { ...options, clock })) : await execute(nodes, options);
  const makespan = (virtual ? clock.now() : performance.now()) - t0;
  if (result.status !== 'succeeded') throw new Error(`workload ${result.status}`);
  return { makespan, latenessPerStep: lateness / nodes.length, firstStart: virtual ? 0 : (firstStart ?? t0) - t0 };
}

async function scheduling(instances: number): Promise<void> {
  const STEPS = 8;
  const rnd = mulberry32(seed);
  const durations: number[][] = Array.from({ length: instances }, () => Array.from({ length: STEPS }, () => 5 + Math.floor(rnd() * 41)));
  const work = durations.flat().reduce((a, b) => a + b, 0);
  // Every instance is one chain, so the critical path is the longest instance; each holds one of `parallel` slots throughout.
  const critical = Math.max(...durations.map((d) => d.reduce((a, b) => a + b, 0)));
  const bound = Math.max(critical, work / parallel);
  const rows: [string, string][] = [
    ['total work', ms(work)],
    ['critical path (longest instance)', ms(critical)],
    [`total work / ${parallel}`, ms(work / parallel)],
    ['lower bound max(…)', ms(bound)],
  ];
  const policies: [Estimates, string][] = [
    ['exact', 'critical path first, exact estimates'],
    ['noisy', 'critical path first, estimates ±30%'],
    ['none', 'order given (no estimates)'],
  ];
  const late: number[] = [];
  for (const [estimates, label] of policies) {
    const wall = await schedulingRun(durations, estimates, false);
    const virtual = await schedulingRun(durations, estimates, true);
    late.push(wall.latenessPerStep);
    const cell = (r: SchedulingRun): string => `${ms(r.makespan)} (${(r.makespan / bound).toFixed(3)}x)`;
    rows.push([label, `wall ${cell(wall)}, first step at +${ms(wall.firstStart)}; virtual ${cell(virtual)}`]);
  }
  rows.push(['timer lateness (wall, per step)', `${late.map((l) => `${l.toFixed(2)} ms`).join(', ')} (mean |fired − due|; compensated within each chain)`]);
  printTable(`scheduling: ${instances} instances × ${STEPS} chained steps, durations uniform 5–45 ms (seed ${seed}), instance limit ${parallel}; makespan (makespan / bound)`, rows);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-bench-'));
try {
  printMachine();
  process.stdout.write(`command: node --import tsx bench/apply.ts ${process.argv.slice(2).join(' ')}\n`);
  if (arg('--only', '') !== 'apply') for (const n of wlInstances) await scheduling(n);
  if (arg('--only', '') !== 'scheduling') {
    await overhead(path.join(dir, 'in-process'));
    if (cli) await commandApply(path.join(dir, 'command'));
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
