/**
 * Allocation benchmark: 10,000 instances against an inventory of 100,000
 * servers. Generates the inventory (bench/generate-inventory.ts), writes it to
 * a temp file as `mbp` does, then times in one process:
 *   - loading the file through the inventory store (read, JSON.parse, schema
 *     and integrity validation), the first load (schema compiled) apart,
 *     against `JSON.parse` of the same file;
 *   - building the server index, and `allocateServers` for 100 arrays of 100
 *     instances (splits, tags, rack spread, preferred servers), each as the
 *     median of several repetitions after a warm-up;
 * and prints sizes, problems found (expected 0), and peak memory.
 *
 *   node --import tsx bench/allocation.ts [--servers 100000] [--instances 10000] [--reps 5]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { allocateServers, buildServerIndex, type AllocationRequest, type Demand } from '../runtime/allocation/index.ts';
import { JsonFileInventoryStore, serializeInventory, type Inventory } from '../runtime/inventory/index.ts';
import { generateInventory } from './generate-inventory.ts';
import { arg, median, ms, peakRssMiB, printMachine, printTable } from './support.ts';

const serverCount = Number(arg('--servers', '100000'));
const instanceCount = Number(arg('--instances', '10000'));
const reps = Number(arg('--reps', '5'));
const ARRAYS = 100;

const TYPES = ['M.8.32.2', 'M.16.64.2', 'M.40.256.2', 'M.40.256.4'];

/** 100 arrays sharing `instances` between them: one in five in dc-west, every fourth split over two types, every third tagged, half spread over racks, every tenth with preferred servers. */
function requests(instances: number): AllocationRequest[] {
  const out: AllocationRequest[] = [];
  for (let a = 0; a < ARRAYS; a++) {
    const count = Math.floor(instances / ARRAYS) + (a < instances % ARRAYS ? 1 : 0);
    const type = TYPES[a % TYPES.length]!;
    const demands: Demand[] =
      a % 4 === 3
        ? [
            { serverType: type, count: Math.ceil(count * 0.6) },
            { serverType: TYPES[(a + 1) % TYPES.length]!, count: count - Math.ceil(count * 0.6) },
          ]
        : [{ serverType: type, count }];
    out.push({
      infrastructure: `infra_${a % 10}`,
      array: `array_${String(a).padStart(3, '0')}`,
      datacenter: a % 5 === 4 ? 'dc-west' : 'dc-east',
      demands,
      ...(a % 3 === 0 ? { tags: ['fast-net'] } : {}),
      spread: a % 2 === 0 ? 'rack' : 'none',
      // Some of these are of another type, out of service, or wanted by an earlier array: skipped with a reason.
      ...(a % 10 === 0 ? { preferred: [a * 37 + 1, a * 37 + 2, a * 37 + 25, `srv-${String(a * 41 + 3).padStart(6, '0')}`] } : {}),
    });
  }
  return out;
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

async function timeRepsAsync<T>(fn: () => Promise<T>): Promise<{ first: number; median: number; last: T }> {
  const t0 = performance.now();
  let last = await fn();
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t1 = performance.now();
    last = await fn();
    times.push(performance.now() - t1);
  }
  return { first, median: median(times), last };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-bench-'));
try {
  printMachine();
  const t0 = performance.now();
  const generated = generateInventory(serverCount);
  const file = path.join(dir, 'inventory.json');
  fs.writeFileSync(file, serializeInventory(generated));
  const generateMs = performance.now() - t0;
  const bytes = fs.statSync(file).size;

  const jsonParse = timeReps(() => JSON.parse(fs.readFileSync(file, 'utf8')) as Inventory);
  const store = new JsonFileInventoryStore(file);
  const load = await timeRepsAsync(() => store.read());
  const inventory = load.last;

  const reqs = requests(instanceCount);
  const index = timeReps(() => buildServerIndex(inventory));
  const withIndex = timeReps(() => allocateServers(inventory, reqs, { index: index.last }));
  const full = timeReps(() => allocateServers(inventory, reqs));
  const result = full.last;
  const assigned = result.assignments.reduce((sum, a) => sum + a.instances.length, 0);
  const skipped = result.assignments.reduce((sum, a) => sum + a.skipped.length, 0);
  const byReason = new Map<string, number>();
  for (const a of result.assignments) for (const i of a.instances) byReason.set(i.reason, (byReason.get(i.reason) ?? 0) + 1);

  printTable('allocation against a generated inventory', [
    ['inventory', `${inventory.servers.length.toLocaleString('en')} servers, ${inventory.racks.length} racks, ${(bytes / 1e6).toFixed(1)} MB (generated and written in ${ms(generateMs)})`],
    ['JSON.parse of the file (median)', `${ms(jsonParse.median)} (read included)`],
    ['store.read(), first', `${ms(load.first)} (schema compiled once per process)`],
    ['store.read() (median)', `${ms(load.median)} (parse + schema + integrity)`],
    ['store.read() / JSON.parse', `${(load.median / jsonParse.median).toFixed(2)}x`],
    ['request', `${reqs.length} arrays, ${instanceCount.toLocaleString('en')} instances`],
    ['server index (median)', ms(index.median)],
    ['allocateServers, index given (median)', ms(withIndex.median)],
    ['allocateServers, index built (median)', ms(full.median)],
    ['per instance', `${((full.median * 1000) / instanceCount).toFixed(1)} µs`],
    ['assigned', `${assigned.toLocaleString('en')} (${[...byReason].map(([r, n]) => `${r} ${n}`).join(', ')})`],
    ['preferences skipped', String(skipped)],
    ['problems', `${result.problems.length} (expected 0)${result.problems[0] ? `: ${result.problems[0].message}` : ''}`],
    ['peak RSS', `${peakRssMiB().toFixed(0)} MiB`],
  ]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
