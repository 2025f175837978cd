import type { Plan, PlanStep } from '../../compiler/plan/index.ts';
import type { ExecNode } from '../executor/index.ts';
import { transition, type DeployedInstance, type Infrastructure, type Inventory, type Server } from '../inventory/index.ts';
import { gatewayAddress, parseCidr } from '../ipam/index.ts';
import { instanceWayBack, type AddressResolution, type InfrastructureResolution, type InstanceResolution, type PortResolution, type Resolution } from '../resolve/index.ts';
import { instanceKey, type RunInstance } from './apply-context.ts';
import type { AssetReader } from './os-template.ts';
import type { InfrastructureFacts, RunFacts, SubnetFacts } from './run-facts.ts';
import { instanceFacts } from './instance-facts.ts';

/**
 * The way back a run takes (DESIGN.md section 5): the destroy DAG's steps
 * (pre_destroy hooks for `mbp destroy`, then per instance its deprovision
 * hooks and its `release`), run on the instances as they are deployed: the
 * hooks see the hostname, addresses and server of the inventory record, not
 * what the new resolution gives the index.
 */
export interface WayBack {
  readonly steps: readonly PlanStep[];
  /** By `INFRA/ARRAY[INDEX]`: each instance as deployed. */
  readonly instances: ReadonlyMap<string, RunInstance>;
  /** Infrastructures whose deployed networks and subnets the steps read (every one `steps` names). */
  readonly infrastructures: readonly string[];
}

/** A deployed instance, as a run instance on the server it is bound to: its record's hostname, addresses and ports. */
export function deployedRunInstance(record: Infrastructure, inst: DeployedInstance, server: Server): RunInstance {
  const ports: PortResolution[] = inst.ports.map((p) => ({ nic: p.nic, switch: p.switch, port: p.port, state: p.state, network: p.network, vlan: p.vlan }));
  const ips: AddressResolution[] = inst.ips.map((ip) => {
    const subnet = record.subnets.find((s) => s.name === ip.subnet && s.family === ip.family) ?? record.subnets.find((s) => s.name === ip.subnet);
    const network = subnet?.network ?? '';
    const nic = ports.find((p) => p.network === network && p.state === 'up')?.nic ?? 0;
    return { nic, network, subnet: ip.subnet, family: ip.family, address: ip.address, source: 'kept' };
  });
  return {
    infrastructure: record.name,
    array: inst.array,
    index: inst.index,
    id: inst.id,
    server,
    resolution: {
      index: inst.index,
      instance_id: inst.id,
      action: 'delete',
      reasons: [],
      hostname: inst.hostname,
      server: { id: server.id, name: server.name, type: server.type, rack: server.rack },
      ips,
      ports,
      steps: [],
    },
  };
}

/**
 * A server whose release succeeded, given back: releasing → cleaning →
 * available from wherever it is (a destroy marks it `releasing` as its
 * release starts), its host key forgotten.
 */
export function releasedServer(s: Server, reason: string, at: string): Server {
  const order = ['releasing', 'cleaning', 'available'] as const;
  let next = s;
  for (const to of order.slice(order.indexOf(s.status as (typeof order)[number]) + 1)) {
    next = transition(next, to, to === 'cleaning' ? 'unbound; ports shut, disks wiped' : reason, { at });
  }
  return { ...next, ssh_host_key: null };
}

/** The way back of some deployed instances of an infrastructure (none: only its infrastructure-wide steps). */
export function wayBackOf(plan: Plan, inventory: Inventory, infrastructure: string, which: readonly { readonly array: string; readonly index: number }[]): { steps: PlanStep[]; instances: Map<string, RunInstance> } {
  const record = inventory.infrastructures.find((i) => i.name === infrastructure);
  const steps: PlanStep[] = [];
  const instances = new Map<string, RunInstance>();
  if (record === undefined) return { steps, instances };
  // Looked up once per instance: by maps, not a scan each (a destroy asks for every instance).
  const deployed = new Map(record.instances.map((i) => [instanceKey(infrastructure, i.array, i.index), i]));
  const serverOf = new Map(inventory.servers.map((s) => [s.id, s]));
  for (const w of which) {
    const inst = deployed.get(instanceKey(infrastructure, w.array, w.index));
    const server = inst?.server_id == null ? undefined : serverOf.get(inst.server_id);
    if (inst === undefined || server === undefined) continue;
    instances.set(instanceKey(infrastructure, inst.array, inst.index), deployedRunInstance(record, inst, server));
    steps.push(...instanceWayBack(plan.destroy.steps, infrastructure, inst.array, inst.index, plan.infrastructures[infrastructure]?.source));
  }
  return { steps, instances };
}

/** RunFacts of the way back: networks, subnets and instances as the inventory records them; every instance listed is `deployment.removed`. */
export async function wayBackFacts(plan: Plan, inventory: Inventory, wayBack: WayBack, assets: AssetReader): Promise<RunFacts> {
  const infrastructures: Record<string, InfrastructureFacts> = {};
  for (const name of wayBack.infrastructures) {
    const record = inventory.infrastructures.find((i) => i.name === name);
    const subnets: SubnetFacts[] = (record?.subnets ?? []).map((s) => ({ name: s.name, network: s.network, family: s.family, cidr: s.cidr, gateway: gatewayAddress(s.cidr) ?? '', prefix: parseCidr(s.cidr).prefix }));
    const instances = await instanceFacts(plan, inventory, wayBack.instances.values(), name, subnets, assets);
    infrastructures[name] = {
      instances,
      networks: (record?.networks ?? []).map((n) => ({ name: n.name, kind: n.kind, vlan: n.vlan })),
      subnets,
      added: [],
      removed: [...wayBack.instances.keys()].filter((k) => wayBack.instances.get(k)!.infrastructure === name),
    };
  }
  return { infrastructures };
}

/**
 * An instance that is replaced runs its deprovision hooks before anything of
 * its new life: its `bind` waits for its way back (all of it but the
 * release of the previous server, which may run alongside).
 */
export function deployAfterWayBack(nodes: readonly ExecNode[], wayBack: readonly PlanStep[]): ExecNode[] {
  const hooks = new Map<string, string[]>();
  for (const s of wayBack) {
    if (s.target === undefined || s.kind === 'mbp.instance.release') continue;
    const key = instanceKey(s.infrastructure, s.target.array, s.target.index);
    hooks.set(key, [...(hooks.get(key) ?? []), s.id]);
  }
  if (hooks.size === 0) return [...nodes];
  return nodes.map((n) => {
    const key = /^(.*\[\d+\])\/bind$/.exec(n.id)?.[1];
    const before = key === undefined ? undefined : hooks.get(key);
    if (before === undefined) return n;
    return { ...n, needs: [...new Set([...(n.needs ?? []), ...before])] };
  });
}

/**
 * Removed instances whose way back did not finish (a deprovision hook or the
 * release failed, or the run stopped) stay in the record as
 * `deprovisioning`, on their server, so the next apply or destroy takes
 * their way back again; their array stays recorded while they do.
 */
export function keepUnfinishedRemovals(record: Infrastructure, previous: Infrastructure | undefined, resolved: InfrastructureResolution, finished: (key: string) => boolean): void {
  for (const [array, a] of Object.entries(resolved.arrays)) {
    for (const i of a.instances) {
      if (i.action !== 'delete' || finished(instanceKey(record.name, array, i.index))) continue;
      const old = previous?.instances.find((x) => x.array === array && x.index === i.index);
      if (old === undefined || record.instances.some((x) => x.array === array && x.index === i.index)) continue;
      record.instances.push({ ...old, status: 'deprovisioning' });
      const kept = previous?.arrays.find((x) => x.name === array);
      if (kept !== undefined && !record.arrays.some((x) => x.name === array)) record.arrays.push(kept);
    }
  }
  record.instances.sort((a, b) => (a.array < b.array ? -1 : a.array > b.array ? 1 : a.index - b.index));
}

/**
 * A replacement onto another server whose way back on the old one did not
 * finish (a deprovision hook failed, or the run stopped first) never bound
 * the new server, since its `bind` waits for that way back: the record keeps
 * the instance as deployed, `deprovisioning` on its old server (still
 * bound), so the next apply takes its way back again. Returns true when it
 * did; the caller gives the new server, only reserved, back.
 */
export function keepUnboundMove(record: Infrastructure, previous: Infrastructure | undefined, inst: DeployedInstance, resolved: InstanceResolution, bindOutcome: string | undefined): boolean {
  const moved = resolved.action === 'replace' && resolved.previous_server !== undefined && resolved.previous_server.id !== resolved.server?.id;
  if (!moved || (bindOutcome !== undefined && bindOutcome !== 'skipped' && bindOutcome !== 'not-started')) return false;
  const old = previous?.instances.find((x) => x.array === inst.array && x.index === inst.index);
  const at = record.instances.indexOf(inst);
  if (old === undefined || old.server_id === null || at < 0) return false;
  record.instances[at] = { ...old, status: 'deprovisioning' };
  return true;
}

/** The way back an apply takes: for each deleted or replaced instance, the destroy steps its resolution lists, on the instance as deployed. */
export function wayBackOfResolution(plan: Plan, inventory: Inventory, resolution: Resolution): WayBack {
  const steps: PlanStep[] = [];
  const instances = new Map<string, RunInstance>();
  const infrastructures: string[] = [];
  for (const [name, infra] of Object.entries(resolution.infrastructures)) {
    for (const [array, a] of Object.entries(infra.arrays)) {
      for (const i of a.instances) {
        if (i.action !== 'delete' && i.action !== 'replace') continue;
        const listed = new Set(i.steps);
        const back = wayBackOf(plan, inventory, name, [{ array, index: i.index }]);
        const own = back.steps.filter((s) => listed.has(s.id));
        if (own.length === 0) continue;
        steps.push(...own);
        for (const [key, inst] of back.instances) instances.set(key, inst);
        if (!infrastructures.includes(name)) infrastructures.push(name);
      }
    }
  }
  return { steps, instances, infrastructures };
}
