import type { Inventory, Server } from '../inventory/index.ts';
import type { Bindings, Removal } from './types.ts';

export interface KeptBinding {
  readonly index: number;
  readonly server: Server;
}

/** Bindings as (index, server id) pairs sorted by index, whichever form the caller used. */
export function bindingEntries(keep: Bindings | undefined): [number, number][] {
  if (keep === undefined) return [];
  const entries: [number, number][] =
    keep instanceof Map ? [...(keep as ReadonlyMap<number, number>)] : Object.entries(keep).map(([k, v]) => [Number(k), v as number]);
  return entries.sort((a, b) => a[0] - b[0]);
}

/** The bindings an already-deployed array has in the inventory: what a planner passes as `keep`. */
export function existingBindings(inventory: Inventory, infrastructure: string, array: string): Map<number, number> {
  const out = new Map<number, number>();
  const infra = inventory.infrastructures.find((i) => i.name === infrastructure);
  const instances = (infra?.instances ?? []).filter((i) => i.array === array && i.server_id !== null).sort((a, b) => a.index - b.index);
  for (const inst of instances) out.set(inst.index, inst.server_id!);
  return out;
}

/**
 * Which kept bindings stay. Indexes the caller names go first (`--target`);
 * then, per server type, the highest indexes beyond the type's new count; a
 * kept server of a type the array no longer wants goes too.
 */
export function planKeep(
  kept: readonly KeptBinding[],
  counts: ReadonlyMap<string, number>,
  remove: ReadonlySet<number>,
): { retained: KeptBinding[]; removed: Removal[] } {
  const removed: Removal[] = [];
  const byType = new Map<string, KeptBinding[]>();
  for (const k of kept) {
    if (remove.has(k.index)) {
      removed.push({ index: k.index, serverId: k.server.id, reason: 'targeted' });
      continue;
    }
    let list = byType.get(k.server.type);
    if (list === undefined) byType.set(k.server.type, (list = []));
    list.push(k);
  }
  const retained: KeptBinding[] = [];
  for (const [type, list] of byType) {
    const want = counts.get(type);
    if (want === undefined) {
      for (const k of list) removed.push({ index: k.index, serverId: k.server.id, reason: 'type_not_wanted' });
      continue;
    }
    // `kept` is sorted by index, so the tail holds the highest indexes.
    const stay = Math.min(want, list.length);
    retained.push(...list.slice(0, stay));
    for (const k of list.slice(stay)) removed.push({ index: k.index, serverId: k.server.id, reason: 'scale_down' });
  }
  retained.sort((a, b) => a.index - b.index);
  removed.sort((a, b) => a.index - b.index);
  return { retained, removed };
}
