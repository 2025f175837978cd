import type { PlanStep } from '../../compiler/plan/index.ts';
import { isObject } from '../../stdlib/index.ts';
import type { ExecNode, ExecObserver, Outputs } from '../executor/index.ts';
import type { Inventory } from '../inventory/index.ts';
import { cidrhost } from '../ipam/index.ts';
import { BUILTIN_HANDLERS, networkHandlers, StepError, type HandlerTable, type RuntimeStepHandler, type StepRuntime } from '../steps/index.ts';
import { HostKeyPins, runNetwork, type RunNetwork } from './run-network.ts';
import { instanceKey, type ApplyContext } from './apply-context.ts';
import { bindCheckpoint } from './bind-checkpoint.ts';
import { instanceFacts } from './instance-facts.ts';
import { simulatedAssets, type AssetReader } from './os-template.ts';
import { PlanRunContext } from './plan-run-context.ts';
import { planToNodes } from './plan-to-nodes.ts';
import type { InfrastructureFacts, RunFacts } from './run-facts.ts';
import { envSecrets, type SecretSource } from './secret-source.ts';
import { wayBackFacts, type WayBack } from './way-back.ts';
import { measuredMedians, stepEstimator, withEstimates } from './step-estimates.ts';

/** RunFacts (what the steps and deferred expressions read) from the resolution and the instances this run deals with. */
export async function runFactsOf(ctx: ApplyContext, inventory: Inventory, assets: AssetReader = simulatedAssets): Promise<RunFacts> {
  const infrastructures: Record<string, InfrastructureFacts> = {};
  for (const [name, infra] of Object.entries(ctx.resolution.infrastructures)) {
    const subnets = infra.subnets
      .filter((s) => s.cidr !== null && s.action !== 'delete')
      .map((s) => ({ name: s.name, network: s.network, family: s.family, cidr: s.cidr!, gateway: s.gateway ?? '', prefix: s.prefix }));
    const instances = await instanceFacts(ctx.plan, inventory, ctx.instances.values(), name, subnets, assets);
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

/**
 * The inventory kinds, carried out by the apply layer: bind commits, the
 * pre_deploy allocations report what was reserved, the releases of the way
 * back what is given back (the inventory commit that frees them is the
 * run's last).
 */
function inventoryHandlers(ctx: ApplyContext, wayBack: RunFacts): HandlerTable {
  const bind: RuntimeStepHandler = async (_args, step) => {
    const key = step.instance === undefined ? undefined : instanceKey(step.instance.infrastructure, step.instance.array, step.instance.index);
    const i = key === undefined ? undefined : ctx.instances.get(key);
    if (i === undefined) throw new Error(`${step.stepId}: no server is planned for this instance`);
    // The journal's record of this step is the durable bind (written before any later step of the
    // instance starts); the inventory catches up by checkpoint, off the step's path (docs/runtime.md, "Binds").
    bindCheckpoint(ctx).record({ instance: i, at: new Date(ctx.clock.now()).toISOString() });
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
    'mbp.network.release_vlans': async (_a, s) => ({ vlans: (wayBack.infrastructures[s.infrastructure]?.networks ?? []).map((n) => n.vlan) }),
    'mbp.ipam.release_subnets': async (_a, s) => ({ subnets: (wayBack.infrastructures[s.infrastructure]?.subnets ?? []).map((x) => x.cidr) }),
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
  /** The destroy DAG's steps the run takes too, on the instances as deployed (deleted, replaced, or every one for `mbp destroy`). */
  readonly wayBack?: WayBack;
  /**
   * Sets each node's `estimateMs` (docs/runtime.md, "Step estimates"): the
   * medians of the blueprint's latest runs in `journalDir`, else the
   * simulated datacenter's durations scaled by `speed`, else a flat default.
   */
  readonly estimates?: { readonly speed: number; readonly journalDir?: string };
}

/** The plan→nodes adapter over the step handlers of runtime/steps, with the apply layer's inventory handlers. */
export function stepNodes(options: StepNodesOptions) {
  return async (steps: readonly PlanStep[], ctx: ApplyContext): Promise<ExecNode[]> => {
    const inventory = await ctx.store.read();
    const assets = options.assets ?? simulatedAssets;
    const facts = await runFactsOf(ctx, inventory, assets);
    const wayBack = options.wayBack ?? { steps: [], instances: new Map(), infrastructures: [] };
    const backFacts = await wayBackFacts(ctx.plan, inventory, wayBack, assets);
    // One context for both DAGs: a secret read on the way back is masked everywhere.
    const context = new PlanRunContext({
      secrets: options.secrets ?? envSecrets(),
      observers: options.observers,
      ...(options.resumed ? { resumed: options.resumed } : {}),
      now: () => ctx.clock.now(),
    });
    // The way back's stored keys win: a replaced instance's old server is the one its deprovision hooks reach.
    const pins = new HostKeyPins(inventory, { instances: new Map([...ctx.instances, ...wayBack.instances]) }, options.resumed);
    const inventoryKinds = inventoryHandlers(ctx, backFacts);
    const sections = [
      { section: 'deploy' as const, steps, facts },
      { section: 'destroy' as const, steps: wayBack.steps, facts: backFacts },
    ];
    const nodes: ExecNode[] = [];
    for (const { section, steps: own, facts: known } of sections) {
      if (own.length === 0) continue;
      const network = options.network === undefined ? {} : networkHandlers(runNetwork(options.network, known, pins, options.runtime));
      const all: HandlerTable = { ...BUILTIN_HANDLERS, ...network, ...inventoryKinds };
      const handlers: Record<string, RuntimeStepHandler> = { ...network, ...inventoryKinds };
      for (const s of own) if (all[s.kind] === undefined) handlers[s.kind] = noHandler;
      const made = planToNodes({ plan: ctx.plan, section, steps: own, facts: known, context, runtime: options.runtime, handlers });
      if (made.problems.length > 0) throw new Error(`the run cannot start:\n  ${made.problems.join('\n  ')}`);
      nodes.push(...made.nodes);
    }
    const est = options.estimates;
    const estimated = est === undefined ? nodes : withEstimates(nodes, [...steps, ...wayBack.steps], stepEstimator(est.speed, est.journalDir === undefined ? undefined : measuredMedians(est.journalDir, ctx.plan, ctx.runId)));
    return estimated.map((n) => pins.watch(n));
  };
}
