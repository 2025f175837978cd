/**
 * Seeded fault injection. A decision depends only on (seed, fault kind,
 * target, how many times that kind was decided for that target), never on a
 * shared random stream, so concurrent instances interleaving differently
 * still see the same faults for the same seed.
 */
export interface FaultRates {
  /** Probability that a BMC call fails with a device error (HTTP 503-like). */
  readonly bmcError: number;
  /** Probability that an install hangs and never signals completion. */
  readonly installTimeout: number;
  /** Probability that a booted OS never answers (readiness lost). */
  readonly lostReadiness: number;
}

export type FaultKind = keyof FaultRates;

export const NO_FAULTS: FaultRates = { bmcError: 0, installTimeout: 0, lostReadiness: 0 };

export interface FaultEvent {
  readonly kind: FaultKind;
  readonly target: string;
  /** 0-based count of decisions of this kind for this target before this one. */
  readonly attempt: number;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's finaliser: spreads FNV's weak low bits over the whole word. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class FaultInjector {
  readonly seed: number;
  readonly rates: FaultRates;
  private readonly attempts = new Map<string, number>();
  private readonly events: FaultEvent[] = [];

  constructor(seed: number, rates: Partial<FaultRates> = {}) {
    this.seed = seed;
    this.rates = { ...NO_FAULTS, ...rates };
    for (const [kind, rate] of Object.entries(this.rates)) {
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate ${kind} must be between 0 and 1, got ${rate}`);
    }
  }

  /** Decides whether this occurrence of `kind` on `target` fails, and records it when it does. */
  decide(kind: FaultKind, target: string): boolean {
    const key = `${kind}|${target}`;
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    const rate = this.rates[kind];
    if (rate <= 0) return false;
    const roll = mix(fnv1a(`${this.seed}|${key}|${attempt}`)) / 0x1_0000_0000;
    if (roll >= rate) return false;
    this.events.push({ kind, target, attempt });
    return true;
  }

  /** Every fault injected so far, in the order decided. */
  get log(): readonly FaultEvent[] {
    return this.events;
  }
}
