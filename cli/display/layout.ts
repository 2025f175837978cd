import type { Plan } from '../../compiler/plan/index.ts';
import type { Resolution } from '../../runtime/resolve/index.ts';

/** One instance with work in the run, `INFRA/ARRAY[INDEX]`, and the node ids of its steps. */
export interface LayoutInstance {
  readonly key: string;
  readonly steps: readonly string[];
}

/** What the run is expected to do, so the bars know their totals before the first event. */
export interface DisplayLayout {
  /** `INFRA/ARRAY`, in the resolution's order, with the instances this run touches. */
  readonly arrays: readonly { readonly name: string; readonly instances: readonly LayoutInstance[] }[];
  /** Infrastructure-level phases, `INFRA/pre_deploy`, with their step ids. */
  readonly phases: readonly { readonly name: string; readonly steps: readonly string[] }[];
}

/** The layout of an apply: the instances and infrastructure steps the resolution says run. */
export function layoutOf(plan: Plan, resolution: Resolution): DisplayLayout {
  const phaseOf = new Map(plan.steps.map((s) => [s.id, s.phase]));
  const arrays: { name: string; instances: LayoutInstance[] }[] = [];
  const phases = new Map<string, string[]>();
  for (const [infra, r] of Object.entries(resolution.infrastructures)) {
    for (const id of r.steps) {
      // subnets and vlans are pre_deploy steps of the plan without a hook segment in their id.
      const name = `${infra}/${phaseOf.get(id) ?? id.split('/')[1] ?? 'infrastructure'}`;
      phases.set(name, [...(phases.get(name) ?? []), id]);
    }
    for (const [array, a] of Object.entries(r.arrays)) {
      const instances = a.instances.filter((i) => i.steps.length > 0).map((i) => ({ key: `${infra}/${array}[${i.index}]`, steps: i.steps }));
      if (instances.length > 0) arrays.push({ name: `${infra}/${array}`, instances });
    }
  }
  return { arrays, phases: [...phases].map(([name, steps]) => ({ name, steps })) };
}
