import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import type { Plan } from '../../compiler/plan/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { applyResolution, type Hardware } from '../../runtime/apply/index.ts';
import { SimulatedDatacenter } from '../../runtime/drivers/index.ts';
import { createDemoInventory, MemoryInventoryStore, type InventoryStore } from '../../runtime/inventory/index.ts';
import { resolvePlan } from '../../runtime/resolve/index.ts';
import { simulatedStepRuntime } from '../../runtime/steps/index.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';

// A step kind the runtime has no handler for fails that step with a clear
// error; it never passes as if it had run.
const noHandler = suite('steps without a handler');
let temp: TempDir;
noHandler.before.each(() => {
  temp = makeTempDir();
});
noHandler.after.each(() => temp.cleanup());

const BLUEPRINT = `
infrastructure lone {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array web {
    server_type = "M.8.32.2"
    count       = 1
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
  }
  on post_deploy run ping(url = "http://127.0.0.1:9/ping")
}

workflow ping(url: string) {
  step hit = std.http.request(url, "POST", body = "x")
}
`;

async function compiled(): Promise<Plan> {
  const file = path.join(temp.path, 'lone.mbp');
  fs.writeFileSync(file, BLUEPRINT);
  const r = await compileBlueprint(new NodeFileSystem(), file, { cwd: temp.path });
  assert.ok(r.plan, r.diagnostics.map((d) => d.message).join('\n'));
  return r.plan!;
}

async function hardware(store: InventoryStore): Promise<Hardware> {
  const inv = await store.read();
  const dc = await SimulatedDatacenter.open({
    statePath: path.join(temp.path, 'hw.json'),
    topology: {
      servers: inv.servers.map((s) => ({ id: s.name, macs: s.nics.map((n) => n.mac) })),
      switches: inv.switches.map((sw) => ({ id: sw.id, ports: sw.ports.map((p) => p.name) })),
    },
    speed: 0,
  });
  return { bmc: dc.bmc, boot: dc.boot, switch: dc.switch, close: () => dc.close(), stepRuntime: simulatedStepRuntime(dc) };
}

async function applyWith(plan: Plan) {
  const store = new MemoryInventoryStore(createDemoInventory(new Date('2025-01-01T00:00:00Z')));
  const hw = await hardware(store);
  try {
    const { resolution, problems } = resolvePlan(plan, await store.read(), {});
    assert.equal(problems.filter((p) => p.severity === 'error'), []);
    return await applyResolution({ plan, resolution, store, hardware: hw, journalDir: temp.path });
  } finally {
    await hw.close();
  }
}

const hitOf = (out: Awaited<ReturnType<typeof applyWith>>) => [...out.result.nodes.values()].find((n) => n.id.endsWith('/hit'));

noHandler('an unknown kind fails its step, naming the kind, and the run fails', async () => {
  const plan = await compiled();
  const steps = plan.steps.map((s) => (s.kind === 'std.http.request' ? { ...s, kind: 'std.teleport.now' } : s));
  const out = await applyWith({ ...plan, steps });
  assert.is(out.status, 'failed');
  const hit = hitOf(out);
  assert.ok(hit, 'the step is a node of the run');
  assert.is(hit!.outcome, 'failed');
  assert.match(hit!.error ?? '', /step kind std\.teleport\.now has no handler in this build of mbp; nothing was done/);
  assert.is(hit!.attempts, 1, 'not retried: it cannot get better');
  const provisioned = [...out.result.nodes.values()].filter((n) => n.id.endsWith('/install_os'));
  assert.ok(provisioned.length > 0 && provisioned.every((n) => n.outcome === 'succeeded'), 'the other steps ran');
});

noHandler('by default the network kinds are carried out for real: a refused connection fails the step', async () => {
  const out = await applyWith(await compiled());
  assert.is(out.status, 'failed');
  const error = hitOf(out)?.error ?? '';
  assert.match(error, /127\.0\.0\.1:9/);
  assert.not.match(error, /no handler/);
});

noHandler.run();
