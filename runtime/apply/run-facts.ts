import type { Plan } from '../../compiler/plan/index.ts';
import type { Value, ValueObject } from '../../stdlib/index.ts';
import type { ResolvedInstance } from '../steps/index.ts';
import { instanceKey } from './apply-context.ts';

/**
 * What the run knows before it starts, beyond the plan: the resolution of
 * the plan against the inventory (runtime/resolve), in the shape the step
 * handlers and the deferred expressions read. The apply layer builds it.
 */
export interface RunFacts {
  /** By infrastructure name, for each infrastructure of the plan the run touches. */
  readonly infrastructures: Readonly<Record<string, InfrastructureFacts>>;
}

export interface NetworkFacts {
  readonly name: string;
  readonly kind: string;
  /** Null: none (an empty infrastructure, a `lan` with no VLAN yet). */
  readonly vlan: number | null;
}

export interface SubnetFacts {
  readonly name: string;
  readonly network: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly cidr: string;
  readonly gateway: string;
  readonly prefix: number;
}

export interface InfrastructureFacts {
  /** Every instance the run deals with: kept, added, updated, and those being removed. */
  readonly instances: readonly ResolvedInstance[];
  readonly networks: readonly NetworkFacts[];
  readonly subnets: readonly SubnetFacts[];
  /** `deployment.added` and `deployment.removed` of the hooks, as `INFRA/ARRAY[INDEX]` (`instanceKey`). */
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** `edge/worker[2]`: the key of a resolved instance. */
export function resolvedKey(instance: ResolvedInstance): string {
  return instanceKey(instance.infrastructure, instance.array, instance.index);
}

/** The language's `instance` value (stdlib INSTANCE_FIELDS, hooks-api `Instance`). */
export function instanceValue(instance: ResolvedInstance): ValueObject {
  const first = (family: 'ipv4' | 'ipv6'): string => instance.addresses.find((a) => a.family === family)?.ip ?? '';
  return {
    index: instance.index,
    hostname: instance.hostname,
    ipv4: first('ipv4'),
    ipv6: first('ipv6'),
    server: { ...instance.server },
    vars: instance.vars,
  };
}

/**
 * The `ref` roots of one infrastructure: `array.NAME` (`name`, `count`,
 * `instances`), `network.NAME`, `subnet.NAME`, `param.NAME` and
 * `deployment`. During a deploy an array's `instances` leave out the ones
 * being removed; a destroy lists what it destroys.
 */
export function infrastructureRoots(plan: Plan, infrastructure: string, facts: InfrastructureFacts, section: 'deploy' | 'destroy'): Record<string, Value> {
  const planInfra = plan.infrastructures[infrastructure];
  const removed = new Set(facts.removed);
  const byKey = new Map(facts.instances.map((i) => [resolvedKey(i), i]));
  const array: Record<string, Value> = {};
  for (const [name, a] of Object.entries(planInfra?.arrays ?? {})) {
    const members = facts.instances
      .filter((i) => i.array === name && (section === 'destroy' || !removed.has(resolvedKey(i))))
      .sort((x, y) => x.index - y.index)
      .map(instanceValue);
    array[name] = { name, count: section === 'destroy' ? members.length : a.count, instances: members };
  }
  const network: Record<string, Value> = {};
  for (const n of facts.networks) network[n.name] = { name: n.name, kind: n.kind, vlan: n.vlan };
  const subnet: Record<string, Value> = {};
  for (const s of facts.subnets) subnet[s.name] = { name: s.name, cidr: s.cidr, gateway: s.gateway, prefix: s.prefix, family: s.family };
  const param: Record<string, Value> = {};
  for (const [name, p] of Object.entries(plan.params)) param[name] = p.value;
  const listed = (keys: readonly string[]): Value[] =>
    keys.flatMap((k) => {
      const i = byKey.get(k);
      return i === undefined ? [] : [instanceValue(i)];
    });
  return { array, network, subnet, param, deployment: { added: listed(facts.added), removed: listed(facts.removed) } };
}
