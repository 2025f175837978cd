import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimulatedDatacenter, type SimulatedDatacenterOptions } from '../../runtime/drivers/index.ts';

/** Shared by the simulated-datacenter tests: a temp dir and a small topology. */
export const TOPOLOGY = {
  servers: [
    { id: 'srv-1', macs: ['52:54:00:00:00:01'] },
    { id: 'srv-2', macs: ['52:54:00:00:00:02'] },
    { id: 'srv-3', macs: ['52:54:00:00:00:03'] },
  ],
  switches: [{ id: 'leaf-1', ports: ['Ethernet1', 'Ethernet2', 'Ethernet3'] }],
} as const;

export interface TempDatacenter {
  readonly dc: SimulatedDatacenter;
  readonly dir: string;
  readonly statePath: string;
  dispose(): Promise<void>;
}

export async function tempDatacenter(options: Omit<SimulatedDatacenterOptions, 'statePath'> = {}): Promise<TempDatacenter> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  const statePath = path.join(dir, 'hardware.json');
  const dc = await SimulatedDatacenter.open({ topology: TOPOLOGY, ...options, statePath });
  return {
    dc,
    dir,
    statePath,
    async dispose() {
      await dc.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const live = (): AbortSignal => new AbortController().signal;
