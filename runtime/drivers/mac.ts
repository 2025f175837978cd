const MAC_RE = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/;

/** `AA-BB-CC-00-11-22` → `aa:bb:cc:00:11:22`; null when not a MAC address. */
export function normalizeMac(text: string): string | null {
  const lower = text.trim().toLowerCase();
  return MAC_RE.test(lower) ? lower.replaceAll('-', ':') : null;
}
