import { createDemoInventory, type Inventory } from '../../../runtime/inventory/index.ts';

/**
 * The inventory the `*.mbp` cases beside this file are checked against
 * (`mbp check --inventory`): the demo inventory, except that dc-west has no
 * IPv6 pool for SAN networks, so that a case can show MBP4004.
 */
export function caseInventory(): Inventory {
  const inventory = createDemoInventory(new Date(0));
  inventory.datacenters.find((d) => d.name === 'dc-west')!.subnet_pools.san.ipv6 = [];
  return inventory;
}

/** Each case file is named after the one code it must produce: `MBP4001-unknown-datacenter.mbp`. */
export const CASES_DIR = new URL('.', import.meta.url).pathname;
