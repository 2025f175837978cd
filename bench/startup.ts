/**
 * Start-up of the `mbp` bin (goal: `mbp check <small file>` under 300 ms once
 * the start-up cache is warm). Each figure is the wall time of a fresh
 * `node cli/bin/mbp.js …` process, as a user runs it:
 *   - `node -e 0`, the floor every run pays;
 *   - the first run with an empty cache (bundle build included), each with a
 *     fresh cache directory;
 *   - `check <file>` and `--version` with the cache warm;
 *   - `check <file>` through tsx (MBP_NO_BUNDLE=1), the path without the cache;
 *   - the launcher's own work before it imports the bundle (fingerprint of
 *     the sources and the cache lookup), as the bin traces it.
 * Each row also gives the child's CPU time (user + system), which moves far
 * less than wall time when other work shares the machine. Warm rows count only
 * the runs that used the cache (the sources may change under the benchmark).
 * The cache goes to a temp directory (MBP_CACHE_DIR), never node_modules/.cache.
 *
 *   node --import tsx bench/startup.ts [--runs 10] [--cold 3] [--file examples/hello.mbp]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { arg, median, ms, printMachine, printTable, spread } from './support.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'cli', 'bin', 'mbp.js');
const runs = Number(arg('--runs', '10'));
const coldRuns = Number(arg('--cold', '3'));
const file = arg('--file', 'examples/hello.mbp');
const cacheBase = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-bench-'));

interface Timed {
  /** Wall time seen by this process, spawn included. */
  readonly ms: number;
  /** User + system CPU time of the child's Node process (not of the esbuild process a build starts). */
  readonly cpuMs: number;
  readonly stderr: string;
}

// CPU time varies far less than wall time when other work shares the cores, so each child reports its own.
const CPU_MARK = '__mbp_bench_cpu';
const cpuProbe = path.join(cacheBase, 'cpu-probe.cjs');
fs.writeFileSync(
  cpuProbe,
  `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\n${CPU_MARK} ' + (u.user + u.system) / 1000 + '\\n'); });\n`,
);

function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Timed {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', MBP_TRACE_STARTUP: '1', NODE_OPTIONS: `--require ${cpuProbe}`, ...env },
    encoding: 'utf8',
  });
  const elapsed = performance.now() - t0;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  const cpu = new RegExp(`${CPU_MARK} ([\\d.]+)`).exec(child.stderr);
  return { ms: elapsed, cpuMs: cpu ? Number(cpu[1]) : NaN, stderr: child.stderr };
}

function repeat(n: number, fn: () => Timed): Timed[] {
  return Array.from({ length: n }, fn);
}

/** Which path a run took, from its trace: the sources may change (or break) under the benchmark on a shared machine. */
function pathTaken(x: Timed): string {
  if (/start-up: cached bundle /.test(x.stderr)) return 'cached';
  if (/start-up: built /.test(x.stderr)) return 'rebuilt';
  if (/failed before|could not prepare/.test(x.stderr)) return 'tsx (bundle build failed)';
  return 'tsx';
}
const cachedOnly = (xs: readonly Timed[]) => xs.filter((x) => pathTaken(x) === 'cached');
/** Wall time, then the median CPU time. */
const both = (xs: readonly Timed[]) => `${spread(xs.map((x) => x.ms))}; CPU ${ms(median(xs.map((x) => x.cpuMs)))}`;
function paths(xs: readonly Timed[]): string {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(pathTaken(x), (counts.get(pathTaken(x)) ?? 0) + 1);
  return [...counts].map(([p, n]) => `${n} ${p}`).join(', ');
}
const warmRow = (xs: readonly Timed[]) => {
  const cached = cachedOnly(xs);
  return cached.length > 0 ? both(cached) : `no run used the cache (${paths(xs)})`;
};
/** The launcher traces "cached bundle … (N ms)": its time from start to the bundle import. */
const launcherMs = (xs: readonly Timed[]) =>
  xs.flatMap((x) => {
    const m = /start-up: cached bundle .* \((\d+) ms\)/.exec(x.stderr);
    return m ? [Number(m[1])] : [];
  });

try {
  printMachine();
  const warmCache = path.join(cacheBase, 'warm');
  const nodeFloor = repeat(runs, () => run(['-e', '0']));
  const cold = repeat(coldRuns, () => {
    const dir = fs.mkdtempSync(path.join(cacheBase, 'cold-'));
    return run([bin, 'check', file], { MBP_CACHE_DIR: dir });
  });
  run([bin, '--version'], { MBP_CACHE_DIR: warmCache });
  const check = repeat(runs, () => run([bin, 'check', file], { MBP_CACHE_DIR: warmCache }));
  const version = repeat(runs, () => run([bin, '--version'], { MBP_CACHE_DIR: warmCache }));
  const tsx = repeat(Math.max(3, Math.ceil(runs / 2)), () => run([bin, 'check', file], { MBP_NO_BUNDLE: '1' }));
  const launcher = launcherMs([...check, ...version]);
  printTable(`mbp start-up (wall time of a fresh process, ${file})`, [
    ['node -e 0', both(nodeFloor)],
    ['first run, empty cache', `${cold.map((x) => ms(x.ms)).join(', ')} (bundle built each time); CPU ${ms(median(cold.map((x) => x.cpuMs)))} + esbuild's`],
    ['check, cache warm', warmRow(check)],
    ['--version, cache warm', warmRow(version)],
    ['check through tsx', both(tsx)],
    ['launcher before import', launcher.length > 0 ? `${spread(launcher)} (fingerprint + lookup)` : 'n/a'],
    ['paths of the warm runs', `${paths([...check, ...version])} (only cached runs counted above)`],
    ['load average after', os.loadavg().map((l) => l.toFixed(2)).join(' ')],
  ]);
} finally {
  fs.rmSync(cacheBase, { recursive: true, force: true });
}
