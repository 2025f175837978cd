import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../compiler/plan/index.ts';
import { applyResolution, DEFAULT_STEP_ESTIMATE_MS, stepNodes, type StepNodesOptions } from '../../runtime/apply/index.ts';
import { DEFAULT_DURATIONS } from '../../runtime/drivers/index.ts';
import type { ExecNode } from '../../runtime/executor/index.ts';
import { runsDirectory } from '../../runtime/journal/index.ts';
import { resolvePlan } from '../../runtime/resolve/index.ts';
import { arrayBlueprint, compileInDir, demoHardware, makeTempDir, type TempDir } from '../support/index.ts';

// The estimates the apply layer gives the executor's critical-path-first queue.
const test = suite('step estimates');
let temp: TempDir;
test.before.each(() => {
  temp = makeTempDir();
});
test.after.each(() => temp.cleanup());

const BLUEPRINT = arrayBlueprint({
  count: 2,
  infrastructureLines: ['on post_deploy run ping(url = "http://127.0.0.1:9/ping")'],
  tail: 'workflow ping(url: string) {\n  step hit = std.http.request(url, "POST", body = "x")\n}',
});

const compiled = (): Promise<Plan> => compileInDir(temp.path, BLUEPRINT, 'lone.mbp');

/** The nodes `stepNodes` builds for the plan inside a real apply (run at speed 0, the estimates are what is looked at). */
async function nodesOf(plan: Plan, estimates: StepNodesOptions['estimates']): Promise<Map<string, ExecNode>> {
  const { store, hardware } = await demoHardware(temp.path);
  const inv = await store.read();
  let built: ExecNode[] = [];
  try {
    const { resolution } = resolvePlan(plan, inv, {});
    await applyResolution({
      plan,
      resolution,
      store,
      hardware,
      journalDir: temp.path,
      nodes: async (steps, ctx, run) => (built = await stepNodes({ runtime: hardware.stepRuntime, ...run, ...(estimates ? { estimates } : {}) })(steps, ctx)),
    });
  } finally {
    await hardware.close();
  }
  return new Map(built.map((n) => [n.id, n]));
}

const estimateOf = (nodes: Map<string, ExecNode>, id: string): number | undefined => {
  const n = nodes.get(id);
  assert.ok(n, `no node ${id}: ${[...nodes.keys()].join(', ')}`);
  return n!.estimateMs;
};

test('from the simulated durations scaled by the speed, a flat default for other kinds, 0 for inventory commits', async () => {
  const plan = await compiled();
  const nodes = await nodesOf(plan, { speed: 0.01 });
  const d = DEFAULT_DURATIONS;
  assert.is(estimateOf(nodes, 'lone/web[0]/install_os'), Math.round((d.post + d.pxe_load + d.pxe_install) * 0.01));
  assert.is(estimateOf(nodes, 'lone/web[1]/wait_ready'), Math.round((d.post + d.os_boot) * 0.01));
  assert.is(estimateOf(nodes, 'lone/web[1]/power_on'), Math.round((2 * d.bmc_call + d.power_on) * 0.01));
  assert.is(estimateOf(nodes, 'lone/web[0]/bind'), 0);
  const hit = [...nodes.keys()].find((id) => id.endsWith('/hit'));
  assert.is(estimateOf(nodes, hit!), DEFAULT_STEP_ESTIMATE_MS, 'a hook step is real time whatever the speed');
  // Negative control: without the option nothing is estimated (the executor keeps the given order).
  const bare = await nodesOf(plan, undefined);
  assert.is(estimateOf(bare, 'lone/web[0]/install_os'), undefined);
});

/** A finished run's journal, written as the journal writer does, with one succeeded attempt per `[id, ms]`. */
function writeJournal(dir: string, runId: string, blueprint: string, steps: readonly (readonly [string, number, ('succeeded' | 'failed')?])[]): void {
  const at = Date.parse('2025-01-01T00:00:00Z');
  const lines: object[] = [
    { type: 'header', format: 1, run: runId, who: 't', host: 'h', pid: 1, cwd: dir, command: ['mbp', 'apply'], blueprint: { path: blueprint, sha256: '0'.repeat(64) }, params: {}, startedAt: new Date(at).toISOString(), at },
  ];
  for (const [id, ms, outcome] of steps) {
    lines.push({ type: 'step-start', id, attempt: 1, idempotent: true, at }, { type: 'step-end', id, attempt: 1, outcome: outcome ?? 'succeeded', ms, at: at + ms });
  }
  lines.push({ type: 'run-end', status: 'succeeded', counts: {}, at: at + 1 });
  fs.mkdirSync(runsDirectory(dir), { recursive: true });
  fs.writeFileSync(path.join(runsDirectory(dir), `${runId}.jsonl`), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

test("an earlier run's timings of a kind win: their median, this blueprint's runs and succeeded attempts only", async () => {
  const plan = await compiled();
  writeJournal(temp.path, '20240101T000000.000Z-0000-aaaaaa', plan.blueprint.path, [
    ['lone/web[0]/install_os', 100],
    ['lone/web[1]/install_os', 300],
    ['lone/web[1]/power_on', 50_000, 'failed'],
  ]);
  writeJournal(temp.path, '20240102T000000.000Z-0000-bbbbbb', plan.blueprint.path, [['lone/web[0]/install_os', 200]]);
  writeJournal(temp.path, '20240103T000000.000Z-0000-cccccc', 'other.mbp', [['lone/web[0]/install_os', 99_999]]);
  const nodes = await nodesOf(plan, { speed: 0.01, journalDir: temp.path });
  assert.is(estimateOf(nodes, 'lone/web[1]/install_os'), 200, 'median of 100, 300 and 200');
  const d = DEFAULT_DURATIONS;
  assert.is(estimateOf(nodes, 'lone/web[0]/power_on'), Math.round((2 * d.bmc_call + d.power_on) * 0.01), 'a failed attempt is no timing: the table');
});

test.run();
