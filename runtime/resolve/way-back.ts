import { lit, ref, type Ir, type PlanStep, type SourceLocation } from '../../compiler/plan/index.ts';
import type { InstanceStatus } from '../inventory/index.ts';

/**
 * Whether an instance's deprovision hooks (drain, leave a cluster) run on
 * its way back: only for one that came up. One that never did (failed,
 * still provisioning) only gives its server back: its hooks could not
 * reach it, and would hold the server forever.
 */
export const runsDeprovisionHooks = (status: InstanceStatus | undefined): boolean => status === 'active' || status === 'deprovisioning';

/**
 * One instance's part of the way back (the plan's destroy DAG): its
 * deprovision hook steps, then its `release`. The plan lists it for the
 * indexes the blueprint declares (an array with `count = 0` for index 0, as
 * the pattern); any other index, a deployed instance beyond the count, gets
 * another index's steps renumbered. An array the plan no longer declares has
 * no hooks left: only its `release`.
 */
export function instanceWayBack(destroySteps: readonly PlanStep[], infrastructure: string, array: string, index: number, source?: SourceLocation): PlanStep[] {
  const ofArray = arrayStepsOf(destroySteps).get(`${infrastructure}\u0000${array}`) ?? [];
  const own = ofArray.filter((s) => s.target!.index === index);
  if (own.length > 0) return own;
  const pattern = ofArray[0]?.target?.index;
  if (pattern === undefined) return [releaseStep(infrastructure, array, index, source ?? NO_SOURCE)];
  const from = `${infrastructure}/${array}[${pattern}]`;
  const to = `${infrastructure}/${array}[${index}]`;
  const rename = (id: string): string => (id.startsWith(`${from}/`) ? `${to}${id.slice(from.length)}` : id);
  const value = (ir: Ir): Ir => renameStepOutputs(ir, rename);
  return ofArray
    .filter((s) => s.target!.index === pattern)
    .map((s) => ({
      ...s,
      id: rename(s.id),
      needs: s.needs.map(rename),
      target: { array, index },
      args: Object.fromEntries(Object.entries(s.args).map(([k, v]) => [k, value(v)])),
      ...(s.when ? { when: value(s.when) } : {}),
      ...(s.for_each ? { for_each: value(s.for_each) } : {}),
    }));
}

/**
 * The destroy DAG's instance steps by infrastructure and array, grouped once
 * per DAG: a destroy of every instance asks once per instance, and a filter
 * over the whole DAG each time made it quadratic (10,000 instances, 10^8
 * comparisons).
 */
const byArray = new WeakMap<readonly PlanStep[], Map<string, PlanStep[]>>();

function arrayStepsOf(destroySteps: readonly PlanStep[]): Map<string, PlanStep[]> {
  let groups = byArray.get(destroySteps);
  if (groups === undefined) {
    groups = new Map();
    for (const s of destroySteps) {
      if (s.target === undefined) continue;
      const key = `${s.infrastructure}\u0000${s.target.array}`;
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [s]);
      else list.push(s);
    }
    byArray.set(destroySteps, groups);
  }
  return groups;
}

const NO_SOURCE: SourceLocation = { file: '', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** `INFRA/ARRAY[i]/release`, as the compiler lowers it, for an instance the plan has no way back for. */
export function releaseStep(infrastructure: string, array: string, index: number, source: SourceLocation = NO_SOURCE): PlanStep {
  return {
    id: `${infrastructure}/${array}[${index}]/release`,
    kind: 'mbp.instance.release',
    phase: 'deprovision',
    infrastructure,
    target: { array, index },
    args: { node: ref('instance') },
    needs: [],
    group: `${infrastructure}/${array}`,
    idempotent: true,
    resource: 'bmc',
    waits_only: false,
    source,
  };
}

/** `INFRA/release_vlans` and `INFRA/release_subnets`, as the compiler lowers them, for a way back without a plan. */
export function networkReleaseSteps(infrastructure: string, networks: readonly string[], subnets: readonly string[], needs: readonly string[], source: SourceLocation = NO_SOURCE): PlanStep[] {
  const base = { phase: 'deprovision', infrastructure, needs: [...needs], idempotent: true, waits_only: false, source } as const;
  return [
    ...(networks.length > 0 ? [{ ...base, id: `${infrastructure}/release_vlans`, kind: 'mbp.network.release_vlans', args: { networks: lit([...networks]) }, resource: 'switch' as const }] : []),
    { ...base, id: `${infrastructure}/release_subnets`, kind: 'mbp.ipam.release_subnets', args: { subnets: lit([...subnets]) }, resource: 'none' as const },
  ];
}

/** The IR with every `step_output` id renamed (a literal is data, never walked). */
function renameStepOutputs(ir: Ir, rename: (id: string) => string): Ir {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if ('lit' in o) return o;
    if ('step_output' in o) {
      const [id, ...rest] = o['step_output'] as string[];
      return { step_output: [rename(id!), ...rest] };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
  };
  return walk(ir) as Ir;
}
