import type { Plan, PlanStep } from '../../compiler/plan/index.ts';
import { isObject, type ValueObject } from '../../stdlib/index.ts';
import { evaluate } from '../eval/index.ts';
import type { ExecNode, ExecObserver, Outputs } from '../executor/index.ts';
import { transition, type Inventory } from '../inventory/index.ts';
import { cidrhost } from '../ipam/index.ts';
import { BUILTIN_HANDLERS, networkHandlers, StepError, type HandlerTable, type ResolvedInstance, type RuntimeStepHandler, type StepRuntime } from '../steps/index.ts';
import { HostKeyPins, runNetwork, type RunNetwork } from './run-network.ts';
import { instanceKey, type ApplyContext, type RunInstance } from './apply-context.ts';
import { resolveTemplate, simulatedAssets, type AssetReader } from './os-template.ts';
import { PlanRunContext } from './plan-run-context.ts';
import { planToNodes } from './plan-to-nodes.ts';
import type { InfrastructureFacts, RunFacts } from './run-facts.ts';
import { envSecrets, type SecretSource } from './secret-source.ts';

/** The instance as the step handlers see it: its server's NICs with what the blueprint makes of them, its addresses, its template looked up. */
async function resolvedInstance(plan: Plan, inventory: Inventory, i: RunInstance, assets: AssetReader): Promise<ResolvedInstance> {
  const infra = plan.infrastructures[i.infrastructure]!;
  const array = infra.arrays[i.array]!;
  const resolvedInfra = inventory.datacenters.find((d) => d.name === infra.datacenter);
  const planned = array.instances.find((p) => p.index === i.index);
  let vars: ValueObject = {};
  try {
    const v = planned === undefined ? undefined : evaluate(planned.vars).value;
    if (v !== undefined && isObject(v)) vars = v;
  } catch {
    // Vars that read run-time values are evaluated by the steps that use them.
  }
  return {
    id: i.id,
    infrastructure: i.infrastructure,
    array: i.array,
    index: i.index,
    hostname: i.resolution.hostname ?? `${i.array.replace(/_/g, '-')}-${i.index}`,
    server: { id: i.server.name, serial: i.server.serial_number, type: i.server.type, rack: i.server.rack },
    bmc: { serverId: i.server.name, address: i.server.bmc.address },
    ports: [...i.server.nics]
      .sort((a, b) => a.index - b.index)
      .map((nic) => {
        const p = i.resolution.ports.find((x) => x.nic === nic.index);
        return { index: nic.index, mac: nic.mac.toLowerCase(), switch: nic.switch, port: nic.port, network: p?.network ?? null, vlan: p?.state === 'up' ? p.vlan : null };
      }),
    addresses: [],
    boot: array.boot,
    template: await resolveTemplate(array.template, { assetRepositoryUrl: resolvedInfra?.asset_repository_url ?? 'http://assets.invalid', assets }),
    vars,
    dnsServers: [],
  };
}

/** RunFacts (what the steps and deferred expressions read) from the resolution and the instances this run deals with. */
export async function runFactsOf(ctx: ApplyContext, inventory: Inventory, assets: AssetReader = simulatedAssets): Promise<RunFacts> {
  const infrastructures: Record<string, InfrastructureFacts> = {};
  for (const [name, infra] of Object.entries(ctx.resolution.infrastructures)) {
    const subnets = infra.subnets
      .filter((s) => s.cidr !== null && s.action !== 'delete')
      .map((s) => ({ name: s.name, network: s.network, family: s.family, cidr: s.cidr!, gateway: s.gateway ?? '', prefix: s.prefix }));
    const instances: ResolvedInstance[] = [];
    for (const i of ctx.instances.values()) {
      if (i.infrastructure !== name) continue;
      const base = await resolvedInstance(ctx.plan, inventory, i, assets);
      const addresses = i.resolution.ips.map((ip) => {
        const s = subnets.find((x) => x.name === ip.subnet && x.family === ip.family) ?? subnets.find((x) => x.name === ip.subnet);
        return { port: ip.nic, network: ip.network, subnet: ip.subnet, family: ip.family, ip: ip.address, prefix: s?.prefix ?? 0, gateway: s?.gateway ?? '' };
      });
      instances.push({ ...base, addresses });
    }
    const added: string[] = [];
    const removed: string[] = [];
    for (const [arrayName, a] of Object.entries(infra.arrays)) {
      for (const i of a.instances) {
        if (i.action === 'create') added.push(instanceKey(name, arrayName, i.index));
        if (i.action === 'delete') removed.push(instanceKey(name, arrayName, i.index));
      }
    }
    infrastructures[name] = {
      instances,
      networks: infra.networks.filter((n) => n.action !== 'delete').map((n) => ({ name: n.name, kind: n.kind, vlan: n.vlan })),
      subnets,
      added,
      removed,
    };
  }
  return { infrastructures };
}

/** The inventory kinds, carried out by the apply layer: bind commits, the pre_deploy allocations report what was reserved. */
function inventoryHandlers(ctx: ApplyContext): HandlerTable {
  const bind: RuntimeStepHandler = async (_args, step) => {
    const key = step.instance === undefined ? undefined : instanceKey(step.instance.infrastructure, step.instance.array, step.instance.index);
    const i = key === undefined ? undefined : ctx.instances.get(key);
    if (i === undefined) throw new Error(`${step.stepId}: no server is planned for this instance`);
    await ctx.store.transaction((draft) => {
      const at = new Date(ctx.clock.now()).toISOString();
      draft.servers = draft.servers.map((s) =>
        s.id !== i.server.id || s.status === 'provisioning'
          ? s
          : transition(s, 'provisioning', `bound to ${i.id} (${i.resolution.hostname ?? ''})`, { at, allocation: { run_id: ctx.runId, infrastructure: i.infrastructure, instance_id: i.id } }),
      );
    }, { command: 'mbp apply' });
    const serial = (await ctx.store.read()).serial;
    ctx.onCommit('bind', serial, `${i.id} → ${i.server.name}`);
    step.log(`bound ${i.id} to server ${i.server.name}`);
    return { server: i.server.name, instance_id: i.id };
  };
  const infraOf = (name: string) => ctx.resolution.infrastructures[name];
  // A VIP from the top of its subnet, below the IPv4 broadcast address: instance addresses are given from the bottom.
  const reserveVip: RuntimeStepHandler = async (args, step) => {
    const subnet = args['subnet'];
    const field = subnet !== undefined && isObject(subnet) ? subnet['cidr'] : undefined;
    const cidr = typeof field === 'string' ? field : undefined;
    if (cidr === undefined) throw new Error(`${step.stepId}: the subnet has no CIDR yet`);
    const address = cidrhost(cidr, cidr.includes(':') ? -1 : -2);
    step.log(`virtual IP ${address} of ${cidr}${typeof args['name'] === 'string' ? ` (${args['name']})` : ''}`);
    return { address, cidr };
  };
  return {
    'std.ipam.reserve_vip': reserveVip,
    'mbp.instance.bind': bind,
    'mbp.ipam.allocate_subnets': async (_a, s) => ({ subnets: (infraOf(s.infrastructure)?.subnets ?? []).map((x) => ({ name: x.name, cidr: x.cidr })) }),
    'mbp.network.allocate_vlans': async (_a, s) => ({ vlans: (infraOf(s.infrastructure)?.networks ?? []).map((n) => ({ name: n.name, vlan: n.vlan })) }),
  };
}

/** A kind this build has no handler for fails its step, saying so: passing it would claim work that never happened. */
const noHandler: RuntimeStepHandler = async (_args, step) => {
  throw new StepError(`${step.stepId}: step kind ${step.kind} has no handler in this build of mbp; nothing was done`);
};

export interface StepNodesOptions {
  readonly runtime: StepRuntime;
  readonly observers: readonly ExecObserver[];
  readonly resumed?: ReadonlyMap<string, Outputs>;
  readonly secrets?: SecretSource;
  readonly assets?: AssetReader;
  /** The run's SSH, HTTP and hook drivers, with how to reach and trust instances; without them those kinds fail. */
  readonly network?: RunNetwork;
}

/** The plan→nodes adapter over the step handlers of runtime/steps, with the apply layer's inventory handlers. */
export function stepNodes(options: StepNodesOptions) {
  return async (steps: readonly PlanStep[], ctx: ApplyContext): Promise<ExecNode[]> => {
    const facts = await runFactsOf(ctx, await ctx.store.read(), options.assets);
    const context = new PlanRunContext({
      secrets: options.secrets ?? envSecrets(),
      observers: options.observers,
      ...(options.resumed ? { resumed: options.resumed } : {}),
      now: () => ctx.clock.now(),
    });
    const inventory = await ctx.store.read();
    const pins = new HostKeyPins(inventory, ctx, options.resumed);
    const network = options.network === undefined ? {} : networkHandlers(runNetwork(options.network, facts, pins, options.runtime));
    const known: HandlerTable = { ...BUILTIN_HANDLERS, ...network, ...inventoryHandlers(ctx) };
    const handlers: Record<string, RuntimeStepHandler> = { ...network, ...inventoryHandlers(ctx) };
    for (const s of steps) if (known[s.kind] === undefined) handlers[s.kind] = noHandler;
    const { nodes, problems } = planToNodes({ plan: ctx.plan, section: 'deploy', steps, facts, context, runtime: options.runtime, handlers });
    if (problems.length > 0) throw new Error(`the run cannot start:\n  ${problems.join('\n  ')}`);
    return nodes.map((n) => pins.watch(n));
  };
}
