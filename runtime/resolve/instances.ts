import { canonicalJson, isObject, type Value } from '../../stdlib/index.ts';
import { isLit, type PlanArray, type PlanInstance } from '../../compiler/plan/index.ts';
import type { ArrayAllocation, AssignmentReason, RemovalReason } from '../allocation/index.ts';
import { evaluate } from '../eval/index.ts';
import type { DeployedArray, DeployedInstance, Server } from '../inventory/index.ts';
import type { AttributeChange, ChangeAction } from './types.ts';

/** One instance of an array while it is being resolved: its server and action, before addresses and ports. */
export interface InstanceRow {
  readonly index: number;
  readonly deployed?: DeployedInstance;
  readonly planned?: PlanInstance;
  readonly hostname: string | null;
  /** The server it will run on; null for a deleted instance or one a shortage left without a server. */
  readonly server: Server | null;
  readonly allocation?: AssignmentReason;
  /** The server a deleted or replaced instance gives back. */
  readonly previous?: Server;
  action: ChangeAction;
  readonly reasons: string[];
  /** Reasons for a replacement that `--allow-replace` must accept (a failed instance provisioned again needs none). */
  readonly replaceCauses: string[];
  /** The instance keeps its server and is reinstalled on it (template or boot changed). */
  readonly reinstall: boolean;
}

export interface ArrayInput {
  readonly infrastructure: string;
  readonly name: string;
  /** Absent: the blueprint no longer declares the array, so every deployed instance goes. */
  readonly plan?: PlanArray;
  /** How many instances the array wants: the plan's count, or the deploy options' total. */
  readonly count: number;
  readonly deployed?: DeployedArray;
  readonly deployedInstances: readonly DeployedInstance[];
  readonly allocation?: ArrayAllocation;
  readonly changes: readonly AttributeChange[];
  readonly servers: ReadonlyMap<number, Server>;
  /** `--replace`: indexes reinstalled on their servers though nothing changed. */
  readonly reinstall?: ReadonlySet<number>;
}

/** The literal text of a hostname, or null when it reads run-time values (known after apply). */
function literalHostname(planned: PlanInstance | undefined): string | null | undefined {
  if (planned === undefined) return undefined;
  return isLit(planned.hostname) && typeof planned.hostname.lit === 'string' ? planned.hostname.lit : null;
}

/**
 * The hostname of an index the compiled plan has no instance for (deploy
 * options asked for more): the array's pattern at that index, when it
 * reads nothing but the index.
 */
function patternHostname(plan: PlanArray | undefined, index: number): string | null {
  if (plan === undefined) return null;
  try {
    const { value, secret } = evaluate(plan.hostname, { roots: { instance: { index } } });
    return typeof value === 'string' && !secret ? value : null;
  } catch {
    return null;
  }
}

function removalWords(reason: RemovalReason | undefined, input: ArrayInput, server: Server | undefined): string {
  switch (reason) {
    case 'targeted':
      return '--target';
    case 'type_not_wanted':
      return `server type ${server?.type ?? '?'} no longer wanted`;
    case 'scale_down':
      return `count ${input.deployed?.count ?? '?'} → ${input.count}`;
    default:
      return input.plan === undefined ? 'array removed from the blueprint' : 'no longer wanted';
  }
}

const varsOf = (planned: PlanInstance | undefined): Value | undefined =>
  planned !== undefined && isLit(planned.vars) && isObject(planned.vars.lit) ? planned.vars.lit : undefined;

/**
 * Every instance the array will have and every deployed one it loses, by
 * index, classified against what is deployed: a new index is created; a
 * deployed one the allocation no longer binds is deleted; one bound to
 * another server is replaced (server type change, `--target`); one kept on
 * its server is replaced in place when its template or boot changed,
 * updated when its hostname or vars changed, and unchanged otherwise.
 * Addresses and ports are compared later (`finishRows`).
 */
export function instanceRows(input: ArrayInput): InstanceRow[] {
  const byIndex = new Map<number, DeployedInstance>(input.deployedInstances.map((d) => [d.index, d]));
  const assigned = new Map((input.allocation?.instances ?? []).map((a) => [a.index, a]));
  const removed = new Map((input.allocation?.removed ?? []).map((r) => [r.index, r]));
  const planned = new Map((input.plan?.instances ?? []).map((p) => [p.index, p]));
  const reinstallCauses = input.changes.filter((c) => c.attribute === 'template' || c.attribute === 'boot').map((c) => `${c.attribute} ${c.from} → ${c.to}`);

  // A shortage leaves the lowest free indexes without a server; they are still instances to create.
  const unfilled = new Set<number>();
  let missing = input.count - assigned.size;
  for (let i = 0; missing > 0; i++) {
    if (assigned.has(i)) continue;
    unfilled.add(i);
    missing--;
  }

  const indexes = [...new Set([...byIndex.keys(), ...assigned.keys(), ...unfilled])].sort((a, b) => a - b);
  const rows: InstanceRow[] = [];
  for (const index of indexes) {
    const deployed = byIndex.get(index);
    const a = assigned.get(index);
    const p = planned.get(index);
    const server = a !== undefined ? (input.servers.get(a.serverId) ?? null) : null;
    const previous = deployed?.server_id != null ? input.servers.get(deployed.server_id) : undefined;
    const hostname = p !== undefined ? (literalHostname(p) ?? null) : (deployed?.hostname ?? patternHostname(input.plan, index));
    const base = {
      index,
      ...(deployed !== undefined ? { deployed } : {}),
      ...(p !== undefined ? { planned: p } : {}),
      hostname,
      ...(a !== undefined ? { allocation: a.reason } : {}),
    };
    if (a === undefined && !unfilled.has(index)) {
      rows.push({ ...base, hostname: deployed?.hostname ?? hostname, server: null, ...(previous ? { previous } : {}), action: 'delete', reasons: [removalWords(removed.get(index)?.reason, input, previous)], replaceCauses: [], reinstall: false });
      continue;
    }
    if (deployed === undefined) {
      rows.push({ ...base, server, action: 'create', reasons: server === null ? ['no server available'] : [], replaceCauses: [], reinstall: false });
      continue;
    }
    if (deployed.server_id === null || previous === undefined) {
      rows.push({ ...base, server, action: 'create', reasons: ['the deployed instance has no server'], replaceCauses: [], reinstall: false });
      continue;
    }
    if (server === null || server.id !== previous.id) {
      const why = removed.get(index)?.reason;
      const cause = why === 'type_not_wanted' && server !== null ? `server type ${previous.type} → ${server.type}` : removalWords(why, input, previous);
      rows.push({ ...base, server, previous, action: 'replace', reasons: [cause], replaceCauses: [cause], reinstall: false });
      continue;
    }
    const reasons: string[] = [];
    const replaceCauses = [...reinstallCauses];
    reasons.push(...reinstallCauses);
    if (deployed.status !== 'active') reasons.push(`status ${deployed.status}: provisioned again`);
    // Asked for by name, so it needs no --allow-replace.
    const forced = input.reinstall?.has(index) === true;
    if (forced) reasons.push('--replace');
    if (p !== undefined) {
      const name = literalHostname(p);
      if (name !== null && name !== undefined && name !== deployed.hostname) reasons.push(`hostname ${deployed.hostname} → ${name}`);
      const vars = varsOf(p);
      if (vars !== undefined && canonicalJson(vars) !== canonicalJson((deployed.vars ?? {}) as Value)) reasons.push('vars');
    }
    const replace = replaceCauses.length > 0 || deployed.status !== 'active' || forced;
    rows.push({ ...base, server, previous, action: replace ? 'replace' : reasons.length > 0 ? 'update' : 'no-op', reasons, replaceCauses, reinstall: replace });
  }
  return rows;
}
