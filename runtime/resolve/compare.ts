/** Plain code-unit order, never locale-dependent, so results do not vary with the machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
