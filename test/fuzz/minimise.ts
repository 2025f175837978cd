/**
 * Shrinks a failing input while `stillFails` holds: first whole lines, then
 * runs of bytes, halving the chunk size (a small delta debugging). Bounded by
 * a number of attempts so a report never waits long for it.
 */
export function minimise(input: Uint8Array, stillFails: (candidate: Uint8Array) => boolean, maxAttempts = 600): Uint8Array {
  let attempts = 0;
  let best = input;
  const tryCandidate = (candidate: Uint8Array): boolean => {
    if (attempts >= maxAttempts) return false;
    attempts++;
    if (!stillFails(candidate)) return false;
    best = candidate;
    return true;
  };

  // Lines.
  const lineUnits = (bytes: Uint8Array): Uint8Array[] => {
    const units: Uint8Array[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        units.push(bytes.subarray(start, i + 1));
        start = i + 1;
      }
    }
    if (start < bytes.length) units.push(bytes.subarray(start));
    return units;
  };
  const join = (units: readonly Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(units.reduce((n, u) => n + u.length, 0));
    let at = 0;
    for (const u of units) {
      out.set(u, at);
      at += u.length;
    }
    return out;
  };
  const shrink = (split: (bytes: Uint8Array) => Uint8Array[]): void => {
    let units = split(best);
    for (let chunk = Math.max(1, units.length >> 1); chunk >= 1 && attempts < maxAttempts; chunk = chunk === 1 ? 0 : chunk >> 1) {
      for (let start = 0; start < units.length && attempts < maxAttempts; ) {
        const candidate = [...units.slice(0, start), ...units.slice(start + chunk)];
        if (tryCandidate(join(candidate))) units = candidate;
        else start += chunk;
      }
    }
  };
  shrink(lineUnits);
  shrink((bytes) => [...bytes].map((b) => Uint8Array.of(b)));
  return best;
}
