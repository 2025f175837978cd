import { isObject } from '../../stdlib/index.ts';
import { isLit, type Plan } from '../../compiler/plan/index.ts';
import type { DeployedInstance, Infrastructure, InstanceStatus, JsonValue } from '../inventory/index.ts';
import { arrayAttributes } from './attributes.ts';
import type { Resolution } from './types.ts';

export interface RecordOptions {
  /** ISO 8601 time of the commit (the caller's clock). */
  readonly now: string;
  /** The persistent id of an instance the resolution creates (`i-000042` from `next_instance_id`). */
  readonly newInstanceId: (array: string, index: number) => string;
  /** The record being replaced, for `created_at`. */
  readonly previous?: Infrastructure;
  /** The status of every instance (default `active`: the run finished). */
  readonly instanceStatus?: InstanceStatus;
}

/**
 * The deployed infrastructure as `mbp apply` records it once the resolution
 * has been carried out: the same networks, subnets, servers, addresses and
 * port states, and the array snapshot (`attributes`) the next plan compares
 * against, so planning the same blueprint again finds nothing to change.
 */
export function deployedInfrastructure(plan: Plan, resolution: Resolution, name: string, options: RecordOptions): Infrastructure {
  const infra = plan.infrastructures[name];
  const resolved = resolution.infrastructures[name];
  if (infra === undefined || resolved === undefined) throw new Error(`the resolution has no infrastructure ${name}`);
  const instances: DeployedInstance[] = [];
  for (const [arrayName, array] of Object.entries(resolved.arrays)) {
    const planned = new Map((infra.arrays[arrayName]?.instances ?? []).map((p) => [p.index, p]));
    for (const i of array.instances) {
      if (i.action === 'delete' || i.server === null) continue;
      const vars = planned.get(i.index)?.vars;
      instances.push({
        id: i.instance_id ?? options.newInstanceId(arrayName, i.index),
        array: arrayName,
        index: i.index,
        hostname: i.hostname ?? `${arrayName.replace(/_/g, '-')}-${i.index}`,
        server_id: i.server.id,
        status: options.instanceStatus ?? 'active',
        ips: i.ips.map((ip) => ({ subnet: ip.subnet, family: ip.family, address: ip.address })),
        ports: i.ports.map((p) => ({ nic: p.nic, switch: p.switch, port: p.port, state: p.state, network: p.network, vlan: p.vlan })),
        ...(vars !== undefined && isLit(vars) && isObject(vars.lit) ? { vars: vars.lit as { [key: string]: JsonValue } } : {}),
      });
    }
  }
  return {
    name,
    datacenter: resolved.datacenter,
    version: 0,
    blueprint: { path: resolution.owner, hash: plan.blueprint.sha256 },
    status: 'deployed',
    created_at: options.previous?.created_at ?? options.now,
    updated_at: options.now,
    arrays: Object.entries(resolved.arrays)
      .filter(([, a]) => a.action !== 'delete')
      .map(([arrayName, a]) => {
        const p = infra.arrays[arrayName]!;
        return {
          name: arrayName,
          count: a.count,
          server_types: { ...a.server_types },
          template: p.template.name,
          boot: p.boot,
          attributes: arrayAttributes(name, arrayName, p, infra.hooks),
        };
      }),
    instances,
    networks: resolved.networks.filter((n) => n.action !== 'delete').map((n) => ({ name: n.name, kind: n.kind, vlan: n.vlan })),
    subnets: resolved.subnets
      .filter((s) => s.action !== 'delete' && s.cidr !== null)
      .map((s) => ({ name: s.name, network: s.network, family: s.family, cidr: s.cidr!, pool: s.pool ?? '' })),
    outputs: options.previous?.outputs ?? {},
  };
}
