/** Plain code-unit order, never locale-dependent, so results do not vary with the machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts catalogue entries by name in code-unit order, the same on every machine and locale. */
export function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return compareText(a.name, b.name);
}
