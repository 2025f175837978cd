/**
 * Plan resolution benchmark: a blueprint of 10,000 instances (10
 * infrastructures × 10 arrays × 100, splits, tags, rack spread, two networks
 * with /21 subnets, preferred servers) against a generated inventory of
 * 100,000 servers (bench/generate-inventory.ts). Times, in one process:
 *   - loading the inventory file through the store (parse, schema,
 *     integrity) against `JSON.parse` of the same file;
 *   - compiling the blueprint (for scale; not part of the goal);
 *   - allocation alone (`allocateServers` for the plan's arrays);
 *   - the whole resolution (`resolvePlan`: ownership, allocation, VLANs,
 *     subnets, 20,000 addresses, port states, steps, change classification);
 * each as the median of several repetitions after a warm-up, and peak memory.
 * Goals: allocation + resolution under 1 s; load within 5x of JSON.parse.
 *
 *   node --import tsx bench/plan.ts [--servers 100000] [--instances 10000] [--reps 5]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileBlueprint } from '../compiler/lower/index.ts';
import { MemoryFileSystem } from '../compiler/sources/index.ts';
import { allocateServers, buildServerIndex, existingBindings, type AllocationRequest } from '../runtime/allocation/index.ts';
import { JsonFileInventoryStore, serializeInventory, type Inventory } from '../runtime/inventory/index.ts';
import { resolvePlan } from '../runtime/resolve/index.ts';
import { generateInventory } from './generate-inventory.ts';
import { arg, median, ms, peakRssMiB, printMachine, printTable } from './support.ts';

const serverCount = Number(arg('--servers', '100000'));
const instanceCount = Number(arg('--instances', '10000'));
const reps = Number(arg('--reps', '5'));
const INFRAS = 10;
const ARRAYS = 10;
const TYPES = ['M.8.32.2', 'M.16.64.2', 'M.40.256.2', 'M.40.256.4'];

/** 10 infrastructures (two in dc-west) of 10 arrays sharing `instances`; every fourth array a split, every third tagged, half spread, every tenth with preferences. */
function blueprint(instances: number): string {
  const perArray = Math.floor(instances / (INFRAS * ARRAYS));
  const out: string[] = [];
  for (let i = 0; i < INFRAS; i++) {
    const west = i >= 8;
    out.push(`infrastructure infra_${i} {`, `  datacenter = "${west ? 'dc-west' : 'dc-east'}"`);
    out.push('  network wan { kind = "wan" }', '  network san { kind = "san" }');
    out.push('  subnet main { network = wan, prefix = 21 }', '  subnet storage { network = san, prefix = 21 }');
    for (let a = 0; a < ARRAYS; a++) {
      const n = i * ARRAYS + a;
      const type = TYPES[n % TYPES.length]!;
      out.push(`  instance_array array_${a} {`);
      if (n % 4 === 3) out.push(`    server_types = { "${type}" = ${Math.ceil(perArray * 0.6)}, "${TYPES[(n + 1) % TYPES.length]}" = ${perArray - Math.ceil(perArray * 0.6)} }`);
      else out.push(`    server_type = "${type}"`, `    count = ${perArray}`);
      out.push('    template = std.os.ubuntu_2404', '    port 0 { network = wan }', '    port 1 { network = san }');
      if (n % 3 === 0) out.push('    tags = ["fast-net"]');
      if (n % 2 === 0) out.push('    spread = "rack"');
      // Some are of another type, out of service, or wanted by an earlier array: skipped with a reason.
      if (n % 10 === 0) out.push(`    prefer { servers = [${n * 37 + 1}, ${n * 37 + 2}, ${n * 37 + 25}] }`);
      out.push('  }');
    }
    out.push('}', '');
  }
  return out.join('\n');
}

function timeReps<T>(fn: () => T): { median: number; last: T } {
  let last = fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = fn();
    times.push(performance.now() - t0);
  }
  return { median: median(times), last };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-bench-'));
try {
  printMachine();
  const file = path.join(dir, 'inventory.json');
  // Only the file outlives this line: every copy of a 100,000-server inventory kept alive slows the loads below with GC.
  fs.writeFileSync(file, serializeInventory(generateInventory(serverCount)));
  const bytes = fs.statSync(file).size;

  const jsonParse = timeReps(() => (JSON.parse(fs.readFileSync(file, 'utf8')) as Inventory).serial);
  const store = new JsonFileInventoryStore(file);
  const t0 = performance.now();
  await store.read();
  const firstLoad = performance.now() - t0;
  const loads: number[] = [];
  let inventory: Inventory | undefined;
  for (let i = 0; i < reps; i++) {
    inventory = undefined;
    const t1 = performance.now();
    inventory = await store.read();
    loads.push(performance.now() - t1);
  }
  const load = median(loads);

  const text = blueprint(instanceCount);
  const t2 = performance.now();
  const compiled = await compileBlueprint(new MemoryFileSystem({ '/bench/main.mbp': text }), '/bench/main.mbp', { cwd: '/bench' });
  const compileMs = performance.now() - t2;
  const plan = compiled.plan;
  if (plan === undefined) throw new Error(`the generated blueprint does not compile: ${compiled.diagnostics[0]?.message}`);

  const requests: AllocationRequest[] = Object.entries(plan.infrastructures).flatMap(([name, infra]) =>
    Object.entries(infra.arrays).map(([array, a]) => ({
      infrastructure: name,
      array,
      datacenter: infra.datacenter,
      demands: a.demands.map((d) => ({ serverType: d.server_type, count: d.count })),
      tags: a.tags,
      spread: a.spread,
      preferred: a.preferred,
      keep: existingBindings(inventory!, name, array),
    })),
  );
  const allocation = timeReps(() => allocateServers(inventory!, requests, { index: buildServerIndex(inventory!) }));
  const resolution = timeReps(() => resolvePlan(plan, inventory!));
  const r = resolution.last;
  const instances = Object.values(r.resolution.infrastructures).flatMap((i) => Object.values(i.arrays).flatMap((a) => a.instances));
  const addresses = instances.reduce((n, i) => n + i.ips.length, 0);

  printTable('plan resolution against a generated inventory', [
    ['inventory', `${inventory!.servers.length.toLocaleString('en')} servers, ${inventory!.racks.length} racks, ${(bytes / 1e6).toFixed(1)} MB`],
    ['JSON.parse of the file (median)', `${ms(jsonParse.median)} (read included)`],
    ['store.read(), first', `${ms(firstLoad)} (schema compiled once per process)`],
    ['store.read() (median)', `${ms(load)} (parse + schema + integrity)`],
    ['store.read() / JSON.parse', `${(load / jsonParse.median).toFixed(2)}x (goal: within 5x)`],
    ['blueprint', `${INFRAS} infrastructures × ${ARRAYS} arrays, ${plan.steps.length.toLocaleString('en')} plan steps, compiled in ${ms(compileMs)}`],
    ['allocation alone (median)', `${ms(allocation.median)} (server index built included)`],
    ['resolvePlan (median)', `${ms(resolution.median)} (allocation included; goal: under 1 s)`],
    ['resolution beyond allocation', ms(resolution.median - allocation.median)],
    ['instances resolved', `${instances.length.toLocaleString('en')} with ${instances.filter((i) => i.server !== null).length.toLocaleString('en')} servers, ${addresses.toLocaleString('en')} addresses`],
    ['problems', `${r.problems.length} (expected 0)${r.problems[0] ? `: ${r.problems[0].message}` : ''}`],
    ['peak RSS', `${peakRssMiB().toFixed(0)} MiB`],
  ]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
