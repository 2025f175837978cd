import { INVENTORY_FORMAT_VERSION, type Inventory } from './types.ts';

/** What `mbp inventory init` writes without `--demo`: valid, and holding nothing yet. */
export function createEmptyInventory(now: Date): Inventory {
  return {
    format_version: INVENTORY_FORMAT_VERSION,
    serial: 1,
    created_at: now.toISOString(),
    next_instance_id: 1,
    datacenters: [],
    racks: [],
    server_types: [],
    servers: [],
    switches: [],
    infrastructures: [],
    reservations: [],
  };
}
