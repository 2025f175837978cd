import { isList, isObject, valueKind, type Value, type ValueObject } from '../../stdlib/index.ts';
import type { Outputs } from '../executor/index.ts';
import { StepError } from '../steps/index.ts';

/** A `for_each` element: the key it is known by (`ID[key]`) and `each.value`. */
export interface ForEachEntry {
  readonly key: string | number;
  readonly value: Value;
}

/** The elements of a `for_each` collection: a list by index, a map by key in sorted order (as `for` goes over maps). */
export function forEachEntries(collection: Value, stepId: string): { entries: ForEachEntry[]; list: boolean } {
  if (isList(collection)) return { entries: collection.map((value, key) => ({ key, value })), list: true };
  if (isObject(collection)) {
    return {
      entries: Object.keys(collection)
        .sort()
        .map((key) => ({ key, value: collection[key] as Value })),
      list: false,
    };
  }
  throw new StepError(`${stepId}: \`for_each\` goes over a list or a map, got ${valueKind(collection)}`);
}

export const childId = (stepId: string, key: string | number): string => `${stepId}[${key}]`;

/** What the node standing for a whole `for_each` step returns: enough to gather its children's outputs, now or on resume. */
export function expansionOutputs(entries: readonly ForEachEntry[], list: boolean): Outputs {
  return { keys: entries.map((e) => e.key), list };
}

/**
 * `{ step_output: [ID] }` of a `for_each` step: its children's outputs, a
 * list in index order or a map by key (docs/plan.md). A child skipped by
 * its `when` counts with no outputs.
 */
export function gatherOutputs(stepId: string, expansion: Outputs, childOutputs: (id: string) => Outputs | undefined): ValueObject | undefined {
  const keys = expansion.keys;
  if (keys === undefined || !isList(keys)) return undefined;
  const of = (k: Value): Outputs => childOutputs(childId(stepId, k as string | number)) ?? {};
  // The evaluator hands the value on as it is; a list is what a list-driven step's outputs are.
  if (expansion.list === true) return keys.map(of) as unknown as ValueObject;
  return Object.fromEntries(keys.map((k) => [String(k), of(k)]));
}
