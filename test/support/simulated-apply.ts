import path from 'node:path';
import type { Hardware } from '../../runtime/apply/index.ts';
import { SimulatedDatacenter } from '../../runtime/drivers/index.ts';
import { createDemoInventory, MemoryInventoryStore } from '../../runtime/inventory/index.ts';
import { simulatedStepRuntime } from '../../runtime/steps/index.ts';

/** The demo inventory in memory and the simulated datacenter over its servers (state file in `dir`, speed 0: instant). */
export async function demoHardware(dir: string): Promise<{ store: MemoryInventoryStore; hardware: Hardware }> {
  const store = new MemoryInventoryStore(createDemoInventory(new Date('2025-01-01T00:00:00Z')));
  const inv = await store.read();
  const dc = await SimulatedDatacenter.open({
    statePath: path.join(dir, 'hw.json'),
    topology: {
      servers: inv.servers.map((s) => ({ id: s.name, macs: s.nics.map((n) => n.mac) })),
      switches: inv.switches.map((sw) => ({ id: sw.id, ports: sw.ports.map((p) => p.name) })),
    },
    speed: 0,
  });
  return { store, hardware: { bmc: dc.bmc, boot: dc.boot, switch: dc.switch, close: () => dc.close(), stepRuntime: simulatedStepRuntime(dc) } };
}
