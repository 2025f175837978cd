import { T, typeToString, type Type } from '../types.ts';
import { isList, type Value } from '../values.ts';
import { defineFunction, describe, type Args } from './args.ts';
import type { FunctionDef, TypeRuleResult } from './function-def.ts';
import { isOpen } from './type-rules.ts';

/** Longest list `range` builds: a typo such as `range(1000000000)` must not exhaust memory. */
export const RANGE_LIMIT = 65_536;

const NUMERIC = new Set(['int', 'duration', 'size']);

/** min/max accept numbers of one kind (ints, durations or sizes), given one by one or as lists. */
function extremumRule(fn: string) {
  return (ts: readonly Type[]): TypeRuleResult => {
    let kind: Type | undefined;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i] as Type;
      const e = t.kind === 'list' ? t.element : t;
      if (isOpen(e)) continue;
      if (!NUMERIC.has(e.kind)) {
        return { argIndex: i, error: `${fn}: argument ${i + 1} must be an int, duration or size (or a list of them), got ${typeToString(t)}` };
      }
      if (kind && kind.kind !== e.kind) {
        return { argIndex: i, error: `${fn}: cannot compare ${e.kind} with ${kind.kind} values` };
      }
      kind = e;
    }
    return { type: kind ?? T.any };
  };
}

function numbers(a: Args): number[] {
  const out: number[] = [];
  a.values.forEach((v, i) => {
    for (const x of isList(v) ? v : [v]) {
      if (typeof x !== 'number') a.fail(`argument ${i + 1} must be a number or a list of numbers, found ${describe(x as Value)}`, i);
      out.push(x);
    }
  });
  if (out.length === 0) a.fail('needs at least one number (the lists given are empty)');
  return out;
}

function extremum(name: 'min' | 'max', pick: (...xs: number[]) => number, example: string): FunctionDef {
  return defineFunction({
    name,
    params: [],
    variadic: { name: 'numbers', type: T.any, typeLabel: 'N | list(N)', doc: 'Ints, durations or sizes (one kind), or lists of them.', min: 1 },
    returns: T.any,
    returnsLabel: 'N',
    rule: extremumRule(name),
    doc: `The ${name === 'min' ? 'smallest' : 'largest'} of its arguments, which are ints, durations or sizes of one kind; a list argument counts as its elements (so \`${name}(xs)\` works on a list).`,
    example,
    pure: true,
    impl: (a) => pick(...numbers(a)),
  });
}

export const min = extremum('min', Math.min, 'min(30s, 2m, 45s) → 30s');
export const max = extremum('max', Math.max, 'max([3, 9, 4]) → 9');

export const range = defineFunction({
  name: 'range',
  params: [
    { name: 'start', type: T.int, doc: 'First number; with one argument, the limit (start is then 0).' },
    { name: 'limit', type: T.int, doc: 'The bound, never included.', optional: true },
    { name: 'step', type: T.int, doc: 'Increment, not 0; negative counts down. Default 1 (or -1 when limit < start).', optional: true },
  ],
  returns: T.list(T.int),
  doc: `The whole numbers from \`start\` up to, not including, \`limit\`, as in Terraform: \`range(n)\`, \`range(start, limit)\`, \`range(start, limit, step)\`. At most ${RANGE_LIMIT} elements.`,
  example: 'range(1, 10, 3) → [1, 4, 7]',
  pure: true,
  impl: (a) => {
    const one = !a.has(1);
    const start = one ? 0 : a.int(0);
    const limit = one ? a.int(0) : a.int(1);
    const step = a.has(2) ? a.int(2) : limit < start ? -1 : 1;
    if (step === 0) a.fail('the step must not be 0', 2);
    if ((step > 0 && limit < start) || (step < 0 && limit > start)) {
      a.fail(`a step of ${step} never goes from ${start} to ${limit}`, 2);
    }
    const count = Math.max(0, Math.ceil((limit - start) / step));
    if (count > RANGE_LIMIT) a.fail(`would produce ${count} numbers; the limit is ${RANGE_LIMIT}`);
    return Array.from({ length: count }, (_, i) => start + i * step);
  },
});

export const NUMERIC_FUNCTIONS = [min, max, range] as const;
