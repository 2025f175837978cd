import { compareText } from './compare.ts';
import type { Inventory } from '../inventory/index.ts';
import type { InventoryReads, ObjectRead, ReadCollection } from './types.ts';

const COLLECTION_ORDER: readonly ReadCollection[] = ['datacenters', 'server_types', 'servers', 'infrastructures'];

const compareKeys = (a: string | number, b: string | number): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b));

/** Collects the inventory objects a resolution depends on, once each, with the version it saw. */
export class ReadSet {
  private readonly seen = new Map<string, ObjectRead>();

  constructor(private readonly inventory: Inventory) {}

  datacenter(name: string): void {
    this.add('datacenters', name, this.inventory.datacenters.find((d) => d.name === name)?.version ?? null);
  }

  serverType(name: string): void {
    const type = this.inventory.server_types.find((t) => t.name === name);
    // A type that does not exist has no id to record; the problem that names it stops the plan anyway.
    if (type !== undefined) this.add('server_types', type.id, type.version);
  }

  server(id: number, version: number | null): void {
    this.add('servers', id, version);
  }

  infrastructure(name: string): void {
    this.add('infrastructures', name, this.inventory.infrastructures.find((i) => i.name === name)?.version ?? null);
  }

  private add(collection: ReadCollection, key: string | number, version: number | null): void {
    const id = `${collection}\u0000${key}`;
    if (!this.seen.has(id)) this.seen.set(id, { collection, key, version });
  }

  result(): InventoryReads {
    const objects = [...this.seen.values()].sort(
      (a, b) => COLLECTION_ORDER.indexOf(a.collection) - COLLECTION_ORDER.indexOf(b.collection) || compareKeys(a.key, b.key),
    );
    return { serial: this.inventory.serial, objects };
  }
}
