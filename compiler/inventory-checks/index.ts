// Checks of a blueprint against an inventory (MBP4xxx): `mbp check --inventory FILE` and `mbp plan`.
export { checkAgainstInventory, shortageDiagnostics, INVENTORY_CHECKS, type InventoryCheckOptions } from './run-checks.ts';
export type { InventoryCheck, InventoryCheckContext } from './check.ts';
export type { ShortageProblem } from './capacity.ts';
