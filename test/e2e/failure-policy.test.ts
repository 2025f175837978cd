import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import type { Plan } from '../../compiler/plan/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { applyResolution, QUARANTINE_AFTER_FAILURES, type Hardware } from '../../runtime/apply/index.ts';
import { SimulatedDatacenter } from '../../runtime/drivers/index.ts';
import { createDemoInventory, MemoryInventoryStore, type InventoryStore } from '../../runtime/inventory/index.ts';
import { resolvePlan } from '../../runtime/resolve/index.ts';
import { simulatedStepRuntime } from '../../runtime/steps/index.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { EXAMPLES } from './simulated-world.ts';

// The failure policy on hardware whose BMCs always fail (seeded faults):
// `keep` keeps the server for the instance and counts its failures, until it
// is quarantined and the next apply takes another; `release` gives it back.
const policy = suite('failure policy');
let temp: TempDir;

policy.before.each(() => {
  temp = makeTempDir();
});
policy.after.each(() => temp.cleanup());

async function planOf(onFailure: 'keep' | 'release'): Promise<Plan> {
  const src = fs.readFileSync(path.join(EXAMPLES, 'hello.mbp'), 'utf8').replace('datacenter = "dc-east"', `datacenter = "dc-east"\n  on_failure = "${onFailure}"`);
  const file = path.join(temp.path, 'hello.mbp');
  fs.writeFileSync(file, src);
  const r = await compileBlueprint(new NodeFileSystem(), file, { cwd: temp.path });
  assert.ok(r.plan, r.diagnostics.map((d) => d.message).join('\n'));
  return r.plan!;
}

async function brokenHardware(store: InventoryStore): Promise<Hardware & { dc: SimulatedDatacenter }> {
  const inv = await store.read();
  const dc = await SimulatedDatacenter.open({
    statePath: path.join(temp.path, 'hw.json'),
    topology: {
      servers: inv.servers.map((s) => ({ id: s.name, macs: s.nics.map((n) => n.mac) })),
      switches: inv.switches.map((sw) => ({ id: sw.id, ports: sw.ports.map((p) => p.name) })),
    },
    speed: 0,
    faults: { bmcError: 1 },
  });
  return { dc, bmc: dc.bmc, boot: dc.boot, switch: dc.switch, close: () => dc.close(), stepRuntime: simulatedStepRuntime(dc) };
}

async function applyOnce(plan: Plan, store: InventoryStore, hw: Hardware) {
  const { resolution, problems } = resolvePlan(plan, await store.read(), {});
  assert.equal(problems.filter((p) => p.severity === 'error'), []);
  return applyResolution({ plan, resolution, store, hardware: hw, journalDir: temp.path });
}

const serverOfWeb0 = async (store: InventoryStore) => {
  const inv = await store.read();
  const inst = inv.infrastructures.find((i) => i.name === 'hello')?.instances.find((i) => i.index === 0);
  return { inst, server: inv.servers.find((s) => s.id === inst?.server_id) };
};

policy('keep: the server stays with the failed instance, failures are counted, then it is quarantined', async () => {
  const plan = await planOf('keep');
  const store = new MemoryInventoryStore(createDemoInventory(new Date('2025-01-01T00:00:00Z')));
  const hw = await brokenHardware(store);
  try {
    let first: number | undefined;
    for (let n = 1; n <= QUARANTINE_AFTER_FAILURES; n++) {
      const out = await applyOnce(plan, store, hw);
      assert.is(out.status, 'failed');
      assert.equal(out.failedInstances, ['hello/web[0]']);
      const { inst, server } = await serverOfWeb0(store);
      assert.is(inst?.status, 'failed');
      if (n < QUARANTINE_AFTER_FAILURES) {
        assert.ok(server, 'the instance keeps its server');
        first ??= server!.id;
        assert.is(server!.id, first, 'the same server, kept for the retry');
        assert.is(server!.status, 'failed');
        assert.is(server!.failure_count, n);
      } else {
        assert.equal(out.quarantined.length, 1);
        assert.is(inst?.server_id, null);
        const q = (await store.read()).servers.find((s) => s.id === first)!;
        assert.is(q.status, 'quarantined');
      }
    }
    const next = await applyOnce(plan, store, hw);
    const { server } = await serverOfWeb0(store);
    assert.is(next.status, 'failed');
    assert.ok(server && server.id !== first, 'another server is taken once the first is quarantined');
  } finally {
    await hw.close();
  }
});

policy('release: a failed instance gives its server and addresses back', async () => {
  const plan = await planOf('release');
  const store = new MemoryInventoryStore(createDemoInventory(new Date('2025-01-01T00:00:00Z')));
  const hw = await brokenHardware(store);
  try {
    const out = await applyOnce(plan, store, hw);
    assert.is(out.status, 'failed');
    const { inst } = await serverOfWeb0(store);
    assert.is(inst?.status, 'failed');
    assert.is(inst?.server_id, null);
    assert.equal(inst?.ips, []);
    const inv = await store.read();
    assert.ok(inv.servers.every((s) => s.status === 'available'));
    assert.is(inv.servers.filter((s) => s.failure_count === 1).length, 1, 'the failure is still counted');
    assert.equal(inv.reservations, []);
  } finally {
    await hw.close();
  }
});

policy.run();
