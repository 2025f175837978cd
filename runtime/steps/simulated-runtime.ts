import type { SimulatedDatacenter } from '../drivers/index.ts';
import { MemoryConfigServer, type ConfigServer } from './config-server.ts';
import { GeneratedAccessKeys, nodeKeyFactory, type AccessKeys, type KeyFactory } from './host-keys.ts';
import type { ReadinessProbe } from './readiness.ts';
import type { StepRuntime } from './types.ts';

/** The simulator's stand-in for "the OS answers" (it has no SSH or callback of its own). */
export function simulatedReadiness(dc: SimulatedDatacenter): ReadinessProbe {
  return {
    async waitReady(request, signal) {
      const info = await dc.waitReady(request.instance.server.id, signal);
      return { image: info.image, bootedFrom: info.bootedFrom };
    },
    async isReady(instance, signal) {
      signal.throwIfAborted();
      // The simulator's own state is the truth a real probe would find out by connecting.
      return dc.state.servers[instance.server.id]?.phase === 'ready';
    },
  };
}

export interface SimulatedRuntimeOptions {
  readonly keys?: KeyFactory;
  readonly accessKeys?: AccessKeys;
  readonly configs?: ConfigServer;
}

/** Step handlers' runtime over a simulated datacenter: its drivers, readiness and clock; keys and configs in memory. */
export function simulatedStepRuntime(dc: SimulatedDatacenter, options: SimulatedRuntimeOptions = {}): StepRuntime {
  const keys = options.keys ?? nodeKeyFactory;
  return {
    bmc: dc.bmc,
    boot: dc.boot,
    switch: dc.switch,
    readiness: simulatedReadiness(dc),
    clock: dc.clock,
    keys,
    accessKeys: options.accessKeys ?? new GeneratedAccessKeys(keys),
    configs: options.configs ?? new MemoryConfigServer(),
  };
}
