import type { Inventory } from '../../runtime/inventory/index.ts';
import type { CheckedProgram } from '../checker/index.ts';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/index.ts';
import { capacityDiagnostics, placeShortages, type ShortageProblem } from './capacity.ts';
import type { InventoryCheck } from './check.ts';
import { datacenterExists } from './datacenter-exists.ts';
import { infrastructureModels } from './model.ts';
import { poolsHoldSubnets } from './pools-hold-subnets.ts';
import { portsExist } from './ports-exist.ts';
import { preferredExist } from './preferred-exist.ts';
import { serverTypesExist } from './server-types-exist.ts';
import { tagsExist } from './tags-exist.ts';
import { vlanInRange } from './vlan-in-range.ts';

export const INVENTORY_CHECKS: readonly InventoryCheck[] = Object.freeze([
  datacenterExists,
  serverTypesExist,
  tagsExist,
  poolsHoldSubnets,
  portsExist,
  vlanInRange,
  preferredExist,
]);

export interface InventoryCheckOptions {
  /**
   * Whether to check that the datacenters hold enough servers (default
   * true). `mbp plan` turns it off: its resolution allocates with deploy
   * options and targets, and reports shortages through `shortageDiagnostics`.
   */
  readonly capacity?: boolean;
}

/**
 * Every MBP4xxx check of the program's entry files against an inventory:
 * datacenters, server types and tags exist (with suggestions), the pools
 * can hold the subnets, ports exist, pinned VLANs are in range, preferred
 * servers exist, and there are enough servers. A check that throws becomes
 * one MBP9001; the others still run.
 */
export function checkAgainstInventory(checked: CheckedProgram, inventory: Inventory, options: InventoryCheckOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const models = infrastructureModels(checked);
  const failed = (file: string, stage: string, error: unknown) =>
    out.push(makeDiagnostic('MBP9001', file, { start: 0, end: 0 }, { stage, detail: error instanceof Error ? error.message : String(error) }));
  for (const infra of models) {
    const datacenter = inventory.datacenters.find((d) => d.name === infra.datacenter?.value);
    for (const check of INVENTORY_CHECKS) {
      try {
        check.check(infra, { inventory, ...(datacenter !== undefined ? { datacenter } : {}), report: (d) => void out.push(d) });
      } catch (error) {
        failed(infra.file, `inventory check ${check.name}`, error);
      }
    }
  }
  if (options.capacity !== false) {
    try {
      out.push(...capacityDiagnostics(models, inventory));
    } catch (error) {
      failed(models[0]?.file ?? '', 'inventory check capacity', error);
    }
  }
  return out;
}

/** MBP4007 for the shortages a plan resolution reports, at the blueprint's counts; those it cannot place are returned as they are. */
export function shortageDiagnostics(checked: CheckedProgram, problems: readonly ShortageProblem[]): { readonly diagnostics: Diagnostic[]; readonly unplaced: ShortageProblem[] } {
  return placeShortages(infrastructureModels(checked), problems);
}
