import v8 from 'node:v8';

/**
 * How far, in percent, V8 lets the heap grow past what its last full
 * collection kept before it collects again, while a run goes on.
 *
 * V8 picks that factor itself, up to 4× when collecting looks cheap beside
 * the program's own work. A run is exactly the case where that goes wrong:
 * a steady live set (plan, nodes, facts: ~300 MB at 10,000 instances) and a
 * steady stream of short-lived garbage (events, journal lines, hardware
 * state), so the heap was allowed to reach 2–4× what is live. `mbp apply` of
 * 10,000 instances peaked at 1.5–1.7 GiB RSS with V8's choice and at
 * 0.9–1.0 GiB with 30%, no slower (bench/README.md, "Apply"). A growth
 * factor, unlike a cap (`--max-old-space-size`), never makes a bigger run
 * fail for want of memory: it only collects more often.
 */
export const RUN_HEAP_GROWING_PERCENT = 30;

/** Sets the percent for a run instead (0: leave it to V8), e.g. to trade memory back for speed. */
export const HEAP_GROWING_ENV = 'MBP_HEAP_GROWING_PERCENT';

const FLAG = '--heap-growing-percent';

/** The percent a run asks V8 for: the environment's, else the default; an error message for a value that is not one. */
export function runHeapGrowingPercent(env: NodeJS.ProcessEnv): number | { error: string } {
  const text = env[HEAP_GROWING_ENV];
  if (text === undefined || text.trim() === '') return RUN_HEAP_GROWING_PERCENT;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 1000) return { error: `${HEAP_GROWING_ENV}=${text}: expected a whole number of percent from 0 (V8 decides) to 1000` };
  return n;
}

/**
 * Applies the run's heap policy to this process, unless node was started
 * with the flag itself (that choice wins). Returns the percent set, or
 * undefined when V8 keeps deciding.
 */
export function useRunHeapPolicy(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): number | undefined | { error: string } {
  const percent = runHeapGrowingPercent(env);
  if (typeof percent !== 'number') return percent;
  if (execArgv.some((a) => a === FLAG || a.startsWith(`${FLAG}=`) || a.startsWith('--heap_growing_percent'))) return undefined;
  // V8 reads the flag at each collection, so setting it now takes effect for the rest of the process.
  v8.setFlagsFromString(`${FLAG}=${percent}`);
  return percent === 0 ? undefined : percent;
}
