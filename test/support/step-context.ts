import { systemClock } from '../../runtime/clock/index.ts';
import type { Masker } from '../../runtime/secrets/index.ts';
import type { StepContext, StepRuntime } from '../../runtime/steps/index.ts';

export interface StepContextOptions {
  /** Where the handler's log lines go (the test reads them back). */
  readonly lines?: string[];
  /** The run's secret values so far (`ctx.secrets`). */
  readonly secrets?: readonly string[];
  /** The run's masker (`ctx.masker`); left out, the context has none. */
  readonly masker?: Masker;
  readonly signal?: AbortSignal;
}

/**
 * The context of a run-level step (no instance, no earlier outputs) for
 * calling one handler directly, outside the executor: handlers that reach
 * their drivers through what they were built with need only the clock from
 * `runtime`.
 */
export function stepContext(kind: string, options: StepContextOptions = {}): StepContext {
  const lines = options.lines ?? [];
  const secrets = options.secrets ?? [];
  const masker = options.masker;
  return {
    stepId: `edge/post_deploy/x/${kind}`,
    kind,
    attempt: 1,
    signal: options.signal ?? new AbortController().signal,
    log: (l) => void lines.push(l),
    infrastructure: 'edge',
    instance: undefined,
    runtime: { clock: systemClock } as unknown as StepRuntime,
    earlierOutputs: () => undefined,
    addSecret: () => undefined,
    secrets: () => secrets,
    ...(masker ? { masker: () => masker } : {}),
  };
}
