import { isObject, type Value } from '../../stdlib/index.ts';
import type { ExecNode, Outputs } from '../executor/index.ts';
import type { Inventory } from '../inventory/index.ts';
import { GeneratedAccessKeys, type NetworkDrivers, type NetworkRuntime, type SshEndpoint, type SshInstance, type StepRuntime } from '../steps/index.ts';
import type { ApplyContext } from './apply-context.ts';
import { resolvedKey, type RunFacts } from './run-facts.ts';

/** What a run gives the SSH, HTTP and hook kinds. */
export interface RunNetwork {
  readonly drivers: Pick<NetworkDrivers, 'ssh' | 'http' | 'hooks'>;
  /** The private key of `--ssh-key FILE`, used for every host; without it instances get the run's access key and other hosts the agent. */
  readonly sshKey?: string;
  /**
   * Test hook (the simulated datacenter has no OS to answer SSH): where an
   * instance's SSH really listens. Undefined (the default, and for an
   * instance the map leaves out): its first IPv4, the step's port.
   */
  readonly endpointOf?: (instance: SshInstance, port: number) => SshEndpoint | undefined;
}

const KEY_STEPS = ['install_os', 'prepare_boot'] as const;

/**
 * The host keys pinned for the run's instances (DESIGN.md section 5): the
 * one generated before install_os in this run (or the run it resumes),
 * else the one the inventory stored at the last install.
 */
export class HostKeyPins {
  private readonly generated = new Map<string, string>();
  private readonly stored = new Map<string, string>();

  constructor(inventory: Inventory, ctx: Pick<ApplyContext, 'instances'>, resumed: ReadonlyMap<string, Outputs> | undefined) {
    const keyOf = new Map(inventory.servers.map((s) => [s.id, s.ssh_host_key]));
    for (const [key, i] of ctx.instances) {
      const stored = keyOf.get(i.server.id);
      if (stored) this.stored.set(key, stored);
      for (const step of KEY_STEPS) {
        const v = resumed?.get(`${key}/${step}`)?.['host_key_public'];
        if (typeof v === 'string' && !this.generated.has(key)) this.generated.set(key, v);
      }
    }
  }

  get(key: string): string | undefined {
    return this.generated.get(key) ?? this.stored.get(key);
  }

  /** The node, recording the host key its outputs carry (prepare_boot and install_os report the one they installed). */
  watch(node: ExecNode): ExecNode {
    const m = /^(.*\[\d+\])\/(install_os|prepare_boot)$/.exec(node.id);
    if (m === null) return node;
    const key = m[1] as string;
    return { ...node, run: recordingHostKey(node.run, key, this.generated) };
  }
}

/** `run`, keeping the host key its outputs carry; made here so that it is anonymous and holds only `run` (plan-to-nodes.ts, `stepRunner`, says why). */
function recordingHostKey(run: ExecNode['run'], key: string, into: Map<string, string>): ExecNode['run'] {
  return async (ctx) => {
    const outputs = await run(ctx);
    const v = outputs['host_key_public'];
    if (typeof v === 'string') into.set(key, v);
    return outputs;
  };
}

/** The NetworkRuntime of one deploy: the run's drivers over its facts, pins and credentials. */
export function runNetwork(net: RunNetwork, facts: RunFacts, pins: HostKeyPins, runtime: StepRuntime): NetworkRuntime {
  const byServer = new Map<string, SshInstance>();
  for (const [infrastructure, infra] of Object.entries(facts.infrastructures)) {
    for (const i of infra.instances) {
      byServer.set(i.server.id, { key: resolvedKey(i), infrastructure, hostname: i.hostname, ipv4: i.addresses.find((a) => a.family === 'ipv4')?.ip ?? '' });
    }
  }
  const access = runtime.accessKeys instanceof GeneratedAccessKeys ? runtime.accessKeys : undefined;
  return {
    ...net.drivers,
    instanceOf(target: unknown) {
      const server = isObject(target as Value) ? (target as Record<string, Value>)['server'] : undefined;
      const id = server !== undefined && isObject(server) ? server['id'] : undefined;
      return typeof id === 'string' ? byServer.get(id) : undefined;
    },
    endpointOf: (instance, port) => net.endpointOf?.(instance, port) ?? { host: instance.ipv4, port },
    pinnedHostKey: (instance) => pins.get(instance.key),
    credentialFor(instance) {
      if (net.sshKey !== undefined) return { privateKey: net.sshKey };
      const key = instance === undefined ? undefined : access?.privateKey(instance.infrastructure);
      return key === undefined ? undefined : { privateKey: key };
    },
  };
}
