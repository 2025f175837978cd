import type { Diagnostic } from '../diagnostics/index.ts';
import type { Datacenter, Inventory } from '../../runtime/inventory/index.ts';
import type { InfrastructureModel } from './model.ts';

/** What a check sees of one infrastructure: the inventory, and its datacenter when the inventory has it. */
export interface InventoryCheckContext {
  readonly inventory: Inventory;
  readonly datacenter?: Datacenter;
  report(diagnostic: Diagnostic): void;
}

/**
 * One check of a blueprint against an inventory (MBP4xxx), per
 * infrastructure. A check stays silent where a value is not known at
 * compile time or where another check already reports the cause (an
 * unknown datacenter or server type), so each problem is reported once.
 */
export interface InventoryCheck {
  readonly name: string;
  check(infrastructure: InfrastructureModel, context: InventoryCheckContext): void;
}

/** `a, b and c`, in code-unit order. */
export function listed(items: Iterable<string>): string {
  const sorted = [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length <= 1) return sorted[0] ?? 'none';
  return `${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]}`;
}
