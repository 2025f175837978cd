import type { PlanStep } from './types.ts';

/**
 * Structural problems of a step DAG: duplicate ids, needs naming no step,
 * cycles. Empty for every plan the compiler writes; the runtime checks a
 * plan file it reads the same way.
 */
export function stepGraphProblems(steps: readonly PlanStep[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, PlanStep>();
  for (const s of steps) {
    if (byId.has(s.id)) problems.push(`step ${s.id} appears more than once`);
    byId.set(s.id, s);
  }
  for (const s of steps) {
    for (const n of s.needs) if (!byId.has(n)) problems.push(`step ${s.id} needs ${n}, which is not a step of the plan`);
  }
  // Iterative DFS (plans can be deep: thousands of chained steps).
  const state = new Map<string, 1 | 2>();
  for (const start of steps) {
    if (state.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    state.set(start.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const needs = byId.get(top.id)?.needs ?? [];
      if (top.next >= needs.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const n = needs[top.next++] as string;
      if (!byId.has(n)) continue;
      const s = state.get(n);
      if (s === 1) {
        const from = stack.findIndex((f) => f.id === n);
        problems.push(`steps form a cycle: ${[...stack.slice(from).map((f) => f.id), n].join(' → ')}`);
      } else if (s === undefined) {
        state.set(n, 1);
        stack.push({ id: n, next: 0 });
      }
    }
  }
  return problems;
}

/** Every step a step depends on, directly or not (`needs` only). */
export function ancestorsOf(steps: readonly PlanStep[], id: string): Set<string> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const queue = [...(byId.get(id)?.needs ?? [])];
  while (queue.length > 0) {
    const n = queue.pop() as string;
    if (seen.has(n)) continue;
    seen.add(n);
    queue.push(...(byId.get(n)?.needs ?? []));
  }
  return seen;
}
