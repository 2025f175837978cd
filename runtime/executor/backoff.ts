import type { RetryPolicy } from './types.ts';

/** Spreads retries of many nodes failing together; seeded so a run is reproducible. */
export interface Jitter {
  readonly seed: number;
  /** 0..1: the delay is shortened by up to this fraction (never lengthened past the cap). */
  readonly ratio: number;
}

/** Delay before the attempt after `failedAttempt`: `backoffMs · 2^(failedAttempt−1)`, capped, then jittered. */
export function retryDelay(policy: RetryPolicy, failedAttempt: number, jitter?: Jitter, key = ''): number {
  const raw = policy.backoffMs * 2 ** (failedAttempt - 1);
  const capped = Math.min(raw, policy.maxBackoffMs ?? Infinity);
  if (jitter === undefined || jitter.ratio <= 0) return capped;
  return Math.round(capped * (1 - Math.min(1, jitter.ratio) * unitRandom(jitter.seed, key, failedAttempt)));
}

/**
 * A number in [0, 1) from the seed, the node id and the attempt alone, so the
 * jitter of a node does not depend on the order other nodes happened to fail.
 */
function unitRandom(seed: number, key: string, attempt: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  // mulberry32 finaliser
  let t = (h + Math.imul(attempt, 0x6d2b79f5)) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
