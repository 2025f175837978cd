/**
 * Destroy benchmark: `destroyInfrastructure` (the code `mbp destroy` runs)
 * of a generated infrastructure of `--instances` instances (20 arrays, no
 * hooks), first deployed with `applyResolution` on a generated inventory
 * (generate-inventory.ts, ~2 servers per instance) on the simulated
 * datacenter at speed 0, JSON-file store and journal in a temp dir. Prints
 * the destroy's total and per-instance wall time, its inventory commits by
 * action (from `onCommit`, as the journal records them), the time spent in
 * store transactions (lock to unlock), and peak RSS before and after it.
 *
 *   node --import tsx bench/destroy.ts [--instances 2000] [--durable-calls on|off]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileBlueprint } from '../compiler/lower/index.ts';
import { MemoryFileSystem } from '../compiler/sources/index.ts';
import { applyResolution, destroyInfrastructure, openSimulatedHardware } from '../runtime/apply/index.ts';
import { JsonFileInventoryStore, serializeInventory, type InventoryStore } from '../runtime/inventory/index.ts';
import { resolvePlan } from '../runtime/resolve/index.ts';
import { generateInventory } from './generate-inventory.ts';
import { arg, arraysBlueprint, ms, peakRssMiB, printMachine, printTable } from './support.ts';

const instances = Number(arg('--instances', '2000'));
const durableCalls = arg('--durable-calls', 'off') === 'on';
const ARRAYS = 20;
/** The generator's two commonest types (30% of its servers each), which every rack holds. */
const TYPES = ['M.8.32.2', 'M.16.64.2'];

const blueprint = (): string => arraysBlueprint('big', ARRAYS, Math.ceil(instances / ARRAYS), TYPES);

/** The store, counting its transactions and the wall time during which at least one is in flight (waiting for the lock included). */
function timed(inner: InventoryStore): { store: InventoryStore; spent: { transactions: number; ms: number } } {
  const spent = { transactions: 0, ms: 0 };
  let inFlight = 0;
  let since = 0;
  const store: InventoryStore = {
    location: inner.location,
    read: () => inner.read(),
    transaction: async (fn, opts) => {
      if (inFlight++ === 0) since = performance.now();
      try {
        return await inner.transaction(fn, opts);
      } finally {
        spent.transactions++;
        if (--inFlight === 0) spent.ms += performance.now() - since;
      }
    },
  };
  return { store, spent };
}

async function run(dir: string): Promise<void> {
  const invPath = path.join(dir, 'inventory.json');
  // Each type is 30% of the generator's servers, 80% of racks in dc-east, 4% out of service: 3 servers per instance leave a margin.
  fs.writeFileSync(invPath, serializeInventory(generateInventory(instances * 3 + 200)));
  const inner = new JsonFileInventoryStore(invPath, { command: 'bench destroy' });
  const compiled = await compileBlueprint(new MemoryFileSystem({ '/bench/main.mbp': blueprint() }), '/bench/main.mbp', { cwd: '/bench' });
  const plan = compiled.plan ?? fail(`the generated blueprint does not compile: ${compiled.diagnostics[0]?.message}`);
  const { resolution, problems } = resolvePlan(plan, await inner.read());
  const error = problems.find((p) => p.severity === 'error');
  if (error) fail(`the plan does not resolve: ${error.message}`);

  const t0 = performance.now();
  const deployHardware = await openSimulatedHardware(await inner.read(), invPath, { speed: 0, durableCalls });
  const applied = await applyResolution({ plan, resolution, store: inner, hardware: deployHardware, journalDir: dir, speed: 0 });
  await deployHardware.close();
  if (applied.status !== 'succeeded') fail(`the apply ${applied.status}`);
  const applyMs = performance.now() - t0;
  const rssBefore = peakRssMiB();

  const { store, spent } = timed(inner);
  const commits = new Map<string, number>();
  const hardware = await openSimulatedHardware(await inner.read(), invPath, { speed: 0, durableCalls });
  const t1 = performance.now();
  const outcome = await destroyInfrastructure({
    infrastructure: 'big',
    plan,
    store,
    hardware,
    journalDir: dir,
    speed: 0,
    onCommit: (action) => void commits.set(action, (commits.get(action) ?? 0) + 1),
  });
  const destroyMs = performance.now() - t1;
  await hardware.close();
  if (outcome.status !== 'succeeded') fail(`the destroy ${outcome.status}`);
  const deployed = applied.result.counts.succeeded;
  const servers = (await inner.read()).servers.length;
  printTable(`destroy: ${instances.toLocaleString('en')} instances (1 infrastructure × ${ARRAYS} arrays, no hooks), simulated datacenter at speed 0 (durable calls ${durableCalls ? 'on' : 'off'}), JSON-file store`, [
    ['inventory', `${servers.toLocaleString('en')} servers, ${(fs.statSync(invPath).size / 1e6).toFixed(1)} MB after the destroy`],
    ['apply first', `${ms(applyMs)} (${deployed.toLocaleString('en')} steps)`],
    ['destroy total', ms(destroyMs)],
    ['per instance', `${((destroyMs * 1000) / instances).toFixed(0)} µs`],
    ['servers released', outcome.released.length.toLocaleString('en')],
    ['inventory commits', `${[...commits.values()].reduce((a, b) => a + b, 0)} (${[...commits].map(([a, n]) => `${a} ${n}`).join(', ')})`],
    ['store transactions', `${spent.transactions}, in flight ${ms(spent.ms)} of the destroy's wall time (${((spent.ms / destroyMs) * 100).toFixed(0)}%)`],
    ['peak RSS', `${rssBefore.toFixed(0)} MiB after the apply, ${peakRssMiB().toFixed(0)} MiB after the destroy`],
  ]);
}

function fail(message: string): never {
  throw new Error(message);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-bench-destroy-'));
try {
  printMachine();
  process.stdout.write(`command: node --import tsx bench/destroy.ts ${process.argv.slice(2).join(' ')}\n`);
  await run(dir);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
