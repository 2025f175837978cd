import path from 'node:path';
import type { Clock } from '../clock/index.ts';
import { SimulatedDatacenter, type BmcDriver, type BootDriver, type SwitchDriver } from '../drivers/index.ts';
import type { Inventory } from '../inventory/index.ts';
import { GeneratedAccessKeys, nodeKeyFactory, simulatedStepRuntime, type KeyFactory, type StepRuntime } from '../steps/index.ts';
import { accessKeyFiles } from './access-key-files.ts';

/** The file the simulated datacenter keeps beside the inventory. */
export const SIMULATED_STATE_FILE = 'simulated-hardware.json';

/** The drivers a run talks to: directly for releases, through `stepRuntime` for the plan's steps. */
export interface Hardware {
  readonly bmc: BmcDriver;
  readonly boot: BootDriver;
  readonly switch: SwitchDriver;
  close(): Promise<void>;
  /** The same drivers for the step handlers of runtime/steps (with readiness, keys and config server). */
  readonly stepRuntime: StepRuntime;
}

export function simulatedStatePath(inventoryPath: string): string {
  return path.join(path.dirname(path.resolve(inventoryPath)), SIMULATED_STATE_FILE);
}

export interface SimulatedHardwareOptions {
  readonly speed?: number;
  readonly seed?: number;
  readonly clock?: Clock;
  /** Where host keys and tokens come from (default: fresh random ones). */
  readonly keys?: KeyFactory;
  /**
   * Each driver call returns once its change is on disk (default true): a
   * run can be killed at any moment, and the journal must not record a step
   * done whose effect the simulated hardware then forgets. Costs one small
   * append to the state file's change log per wave of calls, not a rewrite
   * of the file; false for in-process measurements nobody kills.
   */
  readonly durableCalls?: boolean;
}

/** Opens the simulated datacenter with every server (by name) and switch port of the inventory. */
export async function openSimulatedHardware(inventory: Inventory, inventoryPath: string, opts: SimulatedHardwareOptions = {}): Promise<Hardware> {
  const dc = await SimulatedDatacenter.open({
    statePath: simulatedStatePath(inventoryPath),
    topology: {
      servers: inventory.servers.map((s) => ({ id: s.name, macs: s.nics.map((n) => n.mac) })),
      switches: inventory.switches.map((sw) => ({ id: sw.id, ports: sw.ports.map((p) => p.name) })),
    },
    ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
    durableCalls: opts.durableCalls ?? true,
  });
  return {
    bmc: dc.bmc,
    boot: dc.boot,
    switch: dc.switch,
    close: () => dc.close(),
    // The access keys persist beside the inventory: a later run logs in to what this one installs.
    stepRuntime: simulatedStepRuntime(dc, { ...(opts.keys ? { keys: opts.keys } : {}), accessKeys: new GeneratedAccessKeys(opts.keys ?? nodeKeyFactory, accessKeyFiles(path.dirname(path.resolve(inventoryPath)))) }),
  };
}
