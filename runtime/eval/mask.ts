/** What step output shows instead of a secret. */
export const MASK = '***';

/** Values at least this long are found through a hash of a window of this many characters; shorter ones (rare) by a scan. */
const WINDOW = 4;

/** A hash of the `WINDOW` characters of `text` from `at`, as a small integer (a fast Map key, no string built). */
function windowHash(text: string, at: number): number {
  let h = 0;
  for (let k = 0; k < WINDOW; k++) h = (Math.imul(h, 31) + text.charCodeAt(at + k)) | 0;
  return h & 0x3fffffff;
}

interface Entry {
  readonly value: string;
  /** Order of addition: a view that stops at `limit` sees the entries below it. */
  readonly seq: number;
  /** Where in the value its window starts: the middle, since secrets share beginnings and ends (`-----BEGIN OPENSSH PRIVATE KEY-----`) far more than middles. */
  readonly offset: number;
}

/**
 * An append-only set of secret values compiled for masking: masking a text
 * costs about one hash lookup per character however many values there are
 * (each value is found through a hash of a few characters from its middle,
 * checked at every position), and adding a value costs only that value.
 * Every value carries its order of addition, so views of the set at an
 * earlier size (`limit`) stay valid while it grows: `runtime/secrets` builds
 * its immutable maskers on that.
 */
export class SecretMatcher {
  readonly #seqs = new Map<string, number>();
  /** Values of `WINDOW` characters or more, by the hash of their window. */
  readonly #byWindow = new Map<number, Entry[]>();
  /** Shorter values. */
  readonly #short: Entry[] = [];
  #minLength = Infinity;

  /** How many values were added; the `limit` that sees them all. */
  get size(): number {
    return this.#seqs.size;
  }

  /** Adds the values not yet in the set (empty ones are ignored). */
  add(values: Iterable<string>): this {
    for (const value of values) {
      if (value === '' || this.#seqs.has(value)) continue;
      const seq = this.#seqs.size;
      this.#seqs.set(value, seq);
      if (value.length < this.#minLength) this.#minLength = value.length;
      if (value.length < WINDOW) {
        this.#short.push({ value, seq, offset: 0 });
        continue;
      }
      const offset = (value.length - WINDOW) >> 1;
      const h = windowHash(value, offset);
      const list = this.#byWindow.get(h);
      if (list === undefined) this.#byWindow.set(h, [{ value, seq, offset }]);
      else list.push({ value, seq, offset });
    }
    return this;
  }

  /** The values a view of `limit` sees, in order of addition. */
  values(limit = this.size): string[] {
    const out: string[] = [];
    for (const [value, seq] of this.#seqs) if (seq < limit) out.push(value);
    return out;
  }

  /**
   * `text` with every occurrence of the values below `limit` replaced by
   * `MASK`. Occurrences that overlap are masked as one stretch, so no
   * character of any of them survives (masking one value first would leave
   * the tail of another that overlaps it).
   */
  mask(text: string, limit = this.size): string {
    if (limit === 0 || text.length < this.#minLength) return text;
    /** Start and end of each occurrence, flat. */
    const found: number[] = [];
    for (let at = 0; at + WINDOW <= text.length; at++) {
      const list = this.#byWindow.get(windowHash(text, at));
      if (list === undefined) continue;
      for (const e of list) {
        const start = at - e.offset;
        if (e.seq < limit && start >= 0 && text.startsWith(e.value, start)) found.push(start, start + e.value.length);
      }
    }
    for (const e of this.#short) {
      if (e.seq >= limit) continue;
      for (let at = text.indexOf(e.value); at >= 0; at = text.indexOf(e.value, at + 1)) found.push(at, at + e.value.length);
    }
    if (found.length === 0) return text;
    const order = Array.from({ length: found.length / 2 }, (_, i) => 2 * i).sort((a, b) => found[a]! - found[b]! || found[b + 1]! - found[a + 1]!);
    let out = '';
    let kept = 0;
    let start = -1;
    let end = -1;
    for (const i of order) {
      const s = found[i]!;
      const e = found[i + 1]!;
      if (s < end) {
        if (e > end) end = e;
        continue;
      }
      if (start >= 0) {
        out += text.slice(kept, start) + MASK;
        kept = end;
      }
      start = s;
      end = e;
    }
    return out + text.slice(kept, start) + MASK + text.slice(end);
  }
}

/**
 * Replaces every occurrence of each secret value in a line of text (step
 * output, an error message) by `***`; a secret that contains another, or
 * overlaps it, is masked whole. Empty values are ignored. For many texts
 * against the same values, build one `SecretMatcher` instead.
 */
export function maskSecrets(text: string, secretValues: Iterable<string>): string {
  return new SecretMatcher().add(secretValues).mask(text);
}
