import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import type { Plan } from '../../compiler/plan/index.ts';
import { MemoryFileSystem, NodeFileSystem } from '../../compiler/sources/index.ts';
import { planToNodes, PlanRunContext, type RunFacts } from '../../runtime/apply/index.ts';
import { ManualClock } from '../../runtime/clock/index.ts';
import { execute, type ExecutionResult } from '../../runtime/executor/index.ts';
import { journalObserver, JournalWriter, readJournalFile, runEndOf, type JournalRecord } from '../../runtime/journal/index.ts';
import { sshFingerprint, type HandlerTable } from '../../runtime/steps/index.ts';
import { EXAMPLES_DIR, fail, makeTempDir, REPO_ROOT, type TempDir } from '../support/index.ts';
import { countingKeys, openSim, type Sim } from '../steps/helpers.ts';
import { factsForPlan, NO_SECRETS, recorder } from './helpers.ts';

/*
 * End to end below the CLI: a compiled plan, the resolved facts, the
 * adapter, the executor with a journal, the simulated datacenter; checked
 * on the hardware-state file and the journal.
 */

const test = suite<{ sim: Sim; clock: ManualClock; temp: TempDir }>('plan → nodes → executor → hardware');
test.before.each(async (ctx) => {
  ctx.clock = new ManualClock(1_700_000_000_000);
  ctx.temp = makeTempDir();
});
test.after.each(async (ctx) => {
  await ctx.sim?.dispose();
  ctx.temp.cleanup();
});

/** The inventory half the apply layer does: here, nothing to record. */
const INVENTORY_STEPS: HandlerTable = {
  'mbp.ipam.allocate_subnets': recorder(),
  'mbp.network.allocate_vlans': recorder(),
  'mbp.instance.bind': recorder(),
  'mbp.network.release_vlans': recorder(),
  'mbp.ipam.release_subnets': recorder(),
};

async function compile(entry: string, fs: MemoryFileSystem | NodeFileSystem, cwd: string): Promise<Plan> {
  const result = await compileBlueprint(fs, entry, { cwd });
  return result.plan ?? fail('the blueprint does not compile', result.diagnostics.map((d) => `${d.code} ${d.message}`));
}

interface Ran {
  readonly result: ExecutionResult;
  readonly records: readonly JournalRecord[];
  readonly journalText: string;
}

async function runSection(plan: Plan, facts: RunFacts, section: 'deploy' | 'destroy', sim: Sim, clock: ManualClock, dir: string, runId: string): Promise<Ran> {
  const journal = await JournalWriter.create(dir, { runId, command: ['mbp', section === 'deploy' ? 'apply' : 'destroy'] }, { clock });
  const context = new PlanRunContext({ secrets: NO_SECRETS, now: () => clock.now() });
  const { nodes, problems } = planToNodes({ plan, section, facts, context, runtime: sim.runtime, handlers: INVENTORY_STEPS });
  assert.equal(problems, []);
  const result = await clock.runUntil(execute(nodes, { clock, observers: [journalObserver(journal, { maskOutputs: context.maskOutputs })] }));
  await journal.end(runEndOf(result, clock.now()));
  const file = path.join(dir, 'runs', `${runId}.jsonl`);
  return { result, records: readJournalFile(file).records, journalText: fs.readFileSync(file, 'utf8') };
}

function failures(result: ExecutionResult): string[] {
  return [...result.nodes.values()].filter((n) => n.outcome !== 'succeeded').map((n) => `${n.id}: ${n.outcome} ${n.error ?? n.reason ?? ''}`);
}

const UBUNTU = 'ubuntu/24.04/noble-server-cloudimg-amd64.img';

test('examples/hello.mbp: deployed on the simulated datacenter, journaled step by step, then destroyed', async (ctx) => {
  const plan = await compile(path.join(EXAMPLES_DIR, 'hello.mbp'), new NodeFileSystem(), REPO_ROOT);
  const facts = await factsForPlan(plan, 'hello');
  ctx.sim = await openSim({ clock: ctx.clock, speed: 1, keys: countingKeys() });

  const deploy = await runSection(plan, facts, 'deploy', ctx.sim, ctx.clock, ctx.temp.path, '20250101T000000Z-000001');
  assert.is(deploy.result.status, 'succeeded', failures(deploy.result).join('\n'));

  const state = await ctx.sim.stateFile();
  const server = state.servers['srv-1']!;
  assert.equal(
    { power: server.power, phase: server.phase, device: server.boot_device, installed: server.installed_image, running: server.running_image },
    { power: 'on', phase: 'ready', device: 'disk', installed: UBUNTU, running: UBUNTU },
  );
  assert.equal(server.counters, { power_ons: 1, power_offs: 0, power_cycles: 1, installs: 1, disk_wipes: 0, boot_device_changes: 2 });
  assert.equal(state.switches['leaf-1']!.ports.Ethernet1, { admin_up: true, untagged_vlan: 101, tagged_vlans: [] });
  assert.is(state.switches['leaf-1']!.ports.Ethernet2!.admin_up, false, 'port 1 is left unattached, so it is shut');

  // Every plan step ran once, journaled before and after.
  const ended = deploy.records.filter((r) => r.type === 'step-end' && r.outcome === 'succeeded').map((r) => (r as { id: string }).id);
  assert.equal(ended.sort(), plan.steps.map((s) => s.id).sort());
  for (const s of plan.steps) assert.ok(deploy.records.some((r) => r.type === 'step-start' && r.id === s.id), `step-start of ${s.id}`);
  const install = deploy.result.nodes.get('hello/web[0]/install_os')!.outputs!;
  assert.is(install.host_key_fingerprint, sshFingerprint(install.host_key_public as string));
  assert.not.ok(deploy.journalText.includes('PRIVATE KEY'), 'the private host key never reaches the journal');

  const destroy = await runSection(plan, facts, 'destroy', ctx.sim, ctx.clock, ctx.temp.path, '20250101T000000Z-000002');
  assert.is(destroy.result.status, 'succeeded', failures(destroy.result).join('\n'));
  const after = (await ctx.sim.stateFile()).servers['srv-1']!;
  assert.equal([after.power, after.disk_wiped, after.installed_image, after.counters.disk_wipes], ['off', true, null, 1]);
  assert.is((await ctx.sim.stateFile()).switches['leaf-1']!.ports.Ethernet1!.admin_up, false);
});

const WORKFLOW_BLUEPRINT = `
infrastructure lab {
  datacenter = "dc-east"
  network wan { kind = "wan" }

  instance_array db {
    server_type = "M.8.32.2"
    count       = 1
    template    = std.os.rocky_9
    port 0 { network = wan }
    on provision run quick(node = instance)
  }
}

/// Keeps most built-in steps, with a pause before waiting for the OS.
workflow quick(node: instance) {
  step off   = std.provision.power_off(node)
  step boot  = std.provision.prepare_boot(node)
  step start = std.provision.power_on(node)
  step inst  = std.provision.install_os(node)
  step fin   = std.provision.finalize(node)
  step pause = std.wait.duration(5m)
  step up    = std.provision.wait_ready(node)
  output key = inst.host_key_fingerprint
}
`;

test('an `on provision` workflow runs in place of the default steps', async (ctx) => {
  const plan = await compile('/proj/main.mbp', new MemoryFileSystem({ '/proj/main.mbp': WORKFLOW_BLUEPRINT }), '/proj');
  const ids = plan.steps.map((s) => s.id);
  assert.not.ok(ids.includes('lab/db[0]/power_off'), 'no default sequence');
  assert.ok(ids.includes('lab/db[0]/provision/pause'), ids.join('\n'));
  const facts = await factsForPlan(plan, 'lab');
  ctx.sim = await openSim({ clock: ctx.clock, speed: 1, keys: countingKeys() });

  const t0 = ctx.clock.now();
  const deploy = await runSection(plan, facts, 'deploy', ctx.sim, ctx.clock, ctx.temp.path, '20250101T000000Z-000003');
  assert.is(deploy.result.status, 'succeeded', failures(deploy.result).join('\n'));
  const pause = deploy.result.nodes.get('lab/db[0]/provision/pause')!;
  assert.equal(pause.outputs, { elapsed: 300_000 });
  // install (600 s) + boots + the 5 min pause, on the virtual clock.
  assert.ok(ctx.clock.now() - t0 > 900_000, `took ${ctx.clock.now() - t0} ms`);
  const server = (await ctx.sim.stateFile()).servers['srv-1']!;
  assert.equal([server.phase, server.installed_image, server.counters.installs], ['ready', 'rocky/9/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2', 1]);
  assert.match(String(deploy.result.nodes.get('lab/db[0]/provision/inst')!.outputs!.host_key_fingerprint), /^SHA256:/);
});

test.run();
