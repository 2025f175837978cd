/**
 * Apply benchmark, two parts.
 *
 * 1. Overhead: `applyResolution` (the code `mbp apply` runs) of a generated
 *    blueprint (one infrastructure of 100 arrays, `--instances` in all, the
 *    default sequence per instance) against a generated inventory
 *    (generate-inventory.ts) on the simulated datacenter at speed 0 (zero
 *    durations), with the JSON-file store and the journal in a temp dir.
 *    Prints total time, time per executed step, peak RSS, and bytes written
 *    per step (from /proc/self/io `wchar`: journal + inventory + hardware
 *    state, split by what each file ended up as).
 * 2. Scheduling: the executor on a stated provisioning-shaped workload with
 *    seeded durations (`--wl-instances` instances × 8 chained steps, each
 *    instance holding an `instance` span slot, durations uniform in
 *    [5, 45] ms from `--seed`): makespan against its lower bound
 *    max(critical path, total work / parallelism).
 *
 *   node --import tsx bench/apply.ts [--instances 10000] [--wl-instances 400] [--parallel 50] [--seed 1]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileBlueprint } from '../compiler/lower/index.ts';
import { MemoryFileSystem } from '../compiler/sources/index.ts';
import { applyResolution, openSimulatedHardware, simulatedStatePath } from '../runtime/apply/index.ts';
import { execute, type ExecNode } from '../runtime/executor/index.ts';
import { JsonFileInventoryStore, serializeInventory } from '../runtime/inventory/index.ts';
import { resolvePlan } from '../runtime/resolve/index.ts';
import { generateInventory } from './generate-inventory.ts';
import { arg, ms, peakRssMiB, printMachine, printTable } from './support.ts';

const instanceCount = Number(arg('--instances', '10000'));
const wlInstances = Number(arg('--wl-instances', '400'));
const parallel = Number(arg('--parallel', '50'));
const seed = Number(arg('--seed', '1'));
// One infrastructure: `applyResolution` records a single reservation naming every infrastructure it touches (see bench/README.md).
const INFRAS = 1;
const ARRAYS = 100;
/** Server types by the generator's weights (it makes 30/30/15/20/5 % of small, medium, large-2, large-4, GPU). */
const TYPES = ['M.8.32.2', 'M.16.64.2', 'M.8.32.2', 'M.16.64.2', 'M.40.256.4', 'M.40.256.4', 'M.40.256.2', 'M.8.32.2', 'M.16.64.2', 'M.40.256.4'];

function blueprint(instances: number): string {
  const perArray = Math.max(1, Math.round(instances / (INFRAS * ARRAYS)));
  // Room for every instance's address in one subnet per infrastructure.
  const prefix = Math.min(28, 32 - Math.ceil(Math.log2(perArray * ARRAYS + 8)));
  const out: string[] = [];
  for (let i = 0; i < INFRAS; i++) {
    out.push(`infrastructure infra_${i} {`, '  datacenter = "dc-east"', '  network wan { kind = "wan" }', `  subnet main { network = wan, prefix = ${prefix} }`);
    for (let a = 0; a < ARRAYS; a++) {
      out.push(`  instance_array array_${a} {`, `    server_type = "${TYPES[a % TYPES.length]}"`, `    count = ${perArray}`, '    template = std.os.ubuntu_2404', '    port 0 { network = wan }', '  }');
    }
    out.push('}', '');
  }
  return out.join('\n');
}

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

async function overhead(dir: string): Promise<void> {
  const invPath = path.join(dir, 'inventory.json');
  // Enough servers of each type in dc-east (80% of racks, 4% out of service) with a margin.
  const servers = Math.ceil(instanceCount * 1.9) + 200;
  fs.writeFileSync(invPath, serializeInventory(generateInventory(servers)));
  const store = new JsonFileInventoryStore(invPath, { command: 'bench apply' });
  const inventory = await store.read();
  const compiled = await compileBlueprint(new MemoryFileSystem({ '/bench/main.mbp': blueprint(instanceCount) }), '/bench/main.mbp', { cwd: '/bench' });
  const plan = compiled.plan;
  if (plan === undefined) throw new Error(`the generated blueprint does not compile: ${compiled.diagnostics[0]?.message}`);
  const { resolution, problems } = resolvePlan(plan, inventory);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`the plan does not resolve: ${errors[0]!.message}`);
  const hardware = await openSimulatedHardware(inventory, invPath, { speed: 0 });
  const before = writtenBytes();
  const t0 = performance.now();
  const outcome = await applyResolution({ plan, resolution, store, hardware, journalDir: dir });
  await hardware.close();
  const total = performance.now() - t0;
  const written = writtenBytes() - before;
  if (outcome.status !== 'succeeded') throw new Error(`the apply ${outcome.status}`);
  const steps = outcome.result.counts.succeeded;
  const journalBytes = fs.statSync(path.join(dir, 'runs', `${outcome.runId}.jsonl`)).size;
  const after = await store.read();
  const commits = after.serial - inventory.serial;
  const invBytes = fs.statSync(invPath).size;
  const hwBytes = fs.statSync(simulatedStatePath(invPath)).size;
  printTable(`apply: ${instanceCount.toLocaleString('en')} instances (${INFRAS} × ${ARRAYS} arrays), simulated datacenter at speed 0, JSON-file store`, [
    ['inventory', `${inventory.servers.length.toLocaleString('en')} servers, ${(invBytes / 1e6).toFixed(1)} MB at the end`],
    ['steps run', steps.toLocaleString('en')],
    ['total', ms(total)],
    ['per step (total / steps)', `${((total * 1000) / steps).toFixed(0)} µs`],
    ['inventory commits', `${commits.toLocaleString('en')} (reserve, one bind per instance, activate)`],
    ['bytes written (wchar)', `${(written / 2 ** 20).toFixed(1)} MiB, ${(written / steps).toFixed(0)} bytes/step`],
    ['  journal', `${(journalBytes / 2 ** 20).toFixed(2)} MiB, ${(journalBytes / steps).toFixed(0)} bytes/step`],
    ['  inventory (≈ commits × file)', `${((commits * invBytes) / 2 ** 20).toFixed(1)} MiB, ${((commits * invBytes) / steps).toFixed(0)} bytes/step`],
    ['  hardware state (the rest)', `${((written - journalBytes - commits * invBytes) / 2 ** 20).toFixed(1)} MiB (file ${(hwBytes / 1e6).toFixed(1)} MB)`],
    ['peak RSS', `${peakRssMiB().toFixed(0)} MiB`],
  ]);
}

async function scheduling(): Promise<void> {
  const STEPS = 8;
  const rnd = mulberry32(seed);
  const durations: number[][] = Array.from({ length: wlInstances }, () => Array.from({ length: STEPS }, () => 5 + Math.floor(rnd() * 41)));
  const work = durations.flat().reduce((a, b) => a + b, 0);
  const critical = Math.max(...durations.map((d) => d.reduce((a, b) => a + b, 0)));
  const nodes: ExecNode[] = [];
  for (let i = 0; i < wlInstances; i++) {
    const key = `wl/node[${i}]`;
    for (let s = 0; s < STEPS; s++) {
      const d = durations[i]![s]!;
      nodes.push({
        id: `${key}/s${s}`,
        needs: s === 0 ? [] : [`${key}/s${s - 1}`],
        resources: [`instance:${key}`, `bmc:srv-${i}`],
        idempotent: true,
        run: () => new Promise((resolve) => setTimeout(() => resolve({}), d)),
      });
    }
  }
  const t0 = performance.now();
  const result = await execute(nodes, { limits: { instance: parallel } });
  const makespan = performance.now() - t0;
  if (result.status !== 'succeeded') throw new Error(`workload ${result.status}`);
  const bound = Math.max(critical, work / parallel);
  printTable(`scheduling: ${wlInstances} instances × ${STEPS} chained steps, durations uniform 5–45 ms (seed ${seed}), instance limit ${parallel}`, [
    ['total work', ms(work)],
    ['critical path', ms(critical)],
    [`total work / ${parallel}`, ms(work / parallel)],
    ['lower bound max(…)', ms(bound)],
    ['makespan', ms(makespan)],
    ['makespan / bound', `${(makespan / bound).toFixed(3)}x`],
  ]);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-bench-'));
try {
  printMachine();
  process.stdout.write(`command: node --import tsx bench/apply.ts ${process.argv.slice(2).join(' ')}\n`);
  await scheduling();
  await overhead(dir);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
