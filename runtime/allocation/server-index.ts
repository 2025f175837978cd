import type { Inventory, Server, ServerStatus } from '../inventory/index.ts';
import { compareText } from '../../stdlib/index.ts';
import type { ServerRef } from './types.ts';

/** Who holds a server according to the inventory. */
export interface InventoryHold {
  readonly infrastructure: string;
  /** Set when the server is bound to an instance. */
  readonly array?: string;
  readonly index?: number;
}

/** Every server of one type in one datacenter, in candidate order. */
export interface TypeGroup {
  readonly all: readonly Server[];
  readonly byStatus: ReadonlyMap<ServerStatus, readonly Server[]>;
  /** `available` and held by nobody: what any request may take. */
  readonly free: readonly Server[];
}

/** The free servers of a group that carry a set of tags, flat and per rack. */
export interface TaggedView {
  readonly key: string;
  readonly free: readonly Server[];
  readonly byRack: ReadonlyMap<string, readonly Server[]>;
  /** Rack ids in order. */
  readonly racks: readonly string[];
}

/**
 * The candidate order: rack, then server name, then id. Plain code-unit
 * comparison, never locale-dependent, so every machine agrees.
 */
export function compareServers(a: Server, b: Server): number {
  if (a.rack !== b.rack) return a.rack < b.rack ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id - b.id;
}

const groupKey = (datacenter: string, type: string) => `${datacenter}\u0000${type}`;

/**
 * Everything allocation looks up, built once per inventory: servers by id,
 * name and serial, grouped by (datacenter, type, status) in candidate order,
 * and who holds each server. Building sorts the servers once (O(n log n));
 * allocation afterwards never scans the whole inventory again, except to
 * explain a shortage. Reusable across `allocateServers` calls on the same
 * inventory snapshot.
 */
export class ServerIndex {
  readonly byId = new Map<number, Server>();
  readonly byName = new Map<string, Server>();
  readonly bySerial = new Map<string, Server>();
  readonly holds = new Map<number, InventoryHold>();
  /** Servers an infrastructure holds without an instance bound to them (e.g. reserved by a run), in candidate order. */
  readonly heldUnbound = new Map<string, Server[]>();
  readonly serverTypes: ReadonlySet<string>;
  readonly datacenters: ReadonlySet<string>;
  private readonly groups = new Map<string, TypeGroup>();
  private readonly views = new Map<string, TaggedView>();

  constructor(inventory: Inventory) {
    this.serverTypes = new Set(inventory.server_types.map((t) => t.name));
    this.datacenters = new Set(inventory.datacenters.map((d) => d.name));
    for (const s of inventory.servers) {
      this.byId.set(s.id, s);
      this.byName.set(s.name, s);
      this.bySerial.set(s.serial_number, s);
    }
    // Instance bindings say the most (which array), so they win over reservations and allocation records.
    for (const infra of inventory.infrastructures) {
      for (const inst of infra.instances) {
        if (inst.server_id !== null && !this.holds.has(inst.server_id)) {
          this.holds.set(inst.server_id, { infrastructure: infra.name, array: inst.array, index: inst.index });
        }
      }
    }
    for (const r of inventory.reservations) {
      for (const id of r.servers) if (!this.holds.has(id)) this.holds.set(id, { infrastructure: r.infrastructure });
    }
    const sorted = [...inventory.servers].sort(compareServers);
    for (const s of sorted) {
      const infra = s.allocation?.infrastructure;
      if (infra !== undefined && !this.holds.has(s.id)) this.holds.set(s.id, { infrastructure: infra });
      const hold = this.holds.get(s.id);
      if (hold !== undefined && hold.array === undefined) {
        let list = this.heldUnbound.get(hold.infrastructure);
        if (list === undefined) this.heldUnbound.set(hold.infrastructure, (list = []));
        list.push(s);
      }
      const key = groupKey(s.datacenter, s.type);
      let g = this.groups.get(key) as { all: Server[]; byStatus: Map<ServerStatus, Server[]>; free: Server[] } | undefined;
      if (g === undefined) this.groups.set(key, (g = { all: [], byStatus: new Map(), free: [] }));
      g.all.push(s);
      let bucket = g.byStatus.get(s.status);
      if (bucket === undefined) g.byStatus.set(s.status, (bucket = []));
      bucket.push(s);
      if (s.status === 'available' && hold === undefined) g.free.push(s);
    }
  }

  group(datacenter: string, type: string): TypeGroup | undefined {
    return this.groups.get(groupKey(datacenter, type));
  }

  /** Cached per (datacenter, type, tag set): built on first use in O(group size). */
  view(datacenter: string, type: string, tags: readonly string[]): TaggedView {
    const wanted = [...new Set(tags)].sort(compareText);
    const key = `${groupKey(datacenter, type)}\u0000${wanted.join('\u0000')}`;
    const cached = this.views.get(key);
    if (cached !== undefined) return cached;
    const free = (this.group(datacenter, type)?.free ?? []).filter((s) => hasTags(s, wanted));
    const byRack = new Map<string, Server[]>();
    for (const s of free) {
      let list = byRack.get(s.rack);
      if (list === undefined) byRack.set(s.rack, (list = []));
      list.push(s);
    }
    // `free` is sorted by rack first, so insertion order is already rack order.
    const view: TaggedView = { key, free, byRack, racks: [...byRack.keys()] };
    this.views.set(key, view);
    return view;
  }

  /** A preference by id; by name, then serial number; a string of digits also as an id. */
  resolve(ref: ServerRef): Server | undefined {
    if (typeof ref === 'number') return this.byId.get(ref);
    return this.byName.get(ref) ?? this.bySerial.get(ref) ?? (/^[0-9]+$/.test(ref) ? this.byId.get(Number(ref)) : undefined);
  }
}

export function missingTags(server: Server, tags: readonly string[]): string[] {
  return tags.filter((t) => !server.tags.includes(t));
}

export function hasTags(server: Server, tags: readonly string[]): boolean {
  return tags.every((t) => server.tags.includes(t));
}

export function buildServerIndex(inventory: Inventory): ServerIndex {
  return new ServerIndex(inventory);
}
