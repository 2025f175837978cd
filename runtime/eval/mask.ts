/** What step output shows instead of a secret. */
export const MASK = '***';

/**
 * Replaces every occurrence of each secret value in a line of text (step
 * output, an error message) by `***`. Longer values first, so a secret that
 * contains another is masked whole; empty values are ignored.
 */
export function maskSecrets(text: string, secretValues: Iterable<string>): string {
  const values = [...new Set(secretValues)].filter((v) => v !== '').sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  let out = text;
  for (const v of values) out = out.split(v).join(MASK);
  return out;
}
