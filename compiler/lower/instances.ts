import type { Ir, PlanStep } from '../plan/index.ts';
import { mapChildren } from './fold.ts';

/**
 * Stands for the instance index in the ids of an array's steps, which are
 * lowered once per array and then instantiated per index: every instance
 * gets the same steps, and a blueprint string can never contain a NUL.
 */
export const INDEX_MARK = '\u0000';

function renameSteps(ir: Ir, rename: (id: string) => string): Ir {
  if ('step_output' in ir) {
    const [id, field] = ir.step_output;
    return { step_output: field === undefined ? [rename(id)] : [rename(id), field] };
  }
  return mapChildren(ir, (c) => renameSteps(c, rename));
}

/** The steps of instance `index` of `array`, from steps lowered with INDEX_MARK. */
export function instantiate(steps: readonly PlanStep[], array: string, index: number): PlanStep[] {
  const rename = (id: string): string => (id.includes(INDEX_MARK) ? id.split(INDEX_MARK).join(String(index)) : id);
  const value = (ir: Ir): Ir => renameSteps(ir, rename);
  return steps.map((s) => ({
    ...s,
    id: rename(s.id),
    needs: s.needs.map(rename).sort(),
    target: { array, index },
    args: Object.fromEntries(Object.entries(s.args).map(([k, v]) => [k, value(v)])),
    ...(s.when ? { when: value(s.when) } : {}),
    ...(s.for_each ? { for_each: value(s.for_each) } : {}),
  }));
}
