import type { Masker } from '../secrets/index.ts';
import type { StepContext } from './types.ts';

/**
 * What a driver request carries to mask the run's secrets: the run's compiled
 * masker when there is one, else its values (compiled again by the driver,
 * per request: with a run's two secrets per instance that made an apply
 * quadratic in its instances).
 */
export function maskingOf(ctx: StepContext): { readonly masker: Masker } | { readonly secrets: readonly string[] } {
  const masker = ctx.masker?.();
  return masker !== undefined ? { masker } : { secrets: ctx.secrets?.() ?? [] };
}
