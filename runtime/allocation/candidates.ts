import type { Server } from '../inventory/index.ts';
import { compareText } from '../../stdlib/index.ts';
import { compareServers } from './server-index.ts';

/** Servers taken so far in one call: a claim is never undone, which is what lets cursors only move forward. */
export type ClaimSet = { has(id: number): boolean };

/**
 * A position in a sorted candidate list that skips claimed servers. Because
 * claims only grow, whatever it skipped stays skipped: a cursor kept for the
 * whole call makes all requests together walk each list once.
 */
export class Cursor {
  private pos = 0;
  constructor(
    private readonly list: readonly Server[],
    private readonly claimed: ClaimSet,
  ) {}

  peek(): Server | undefined {
    while (this.pos < this.list.length && this.claimed.has(this.list[this.pos]!.id)) this.pos++;
    return this.list[this.pos];
  }
}

/** The next unclaimed candidate of several sorted lists, in candidate order. */
export class Merged {
  constructor(private readonly cursors: readonly Cursor[]) {}

  peek(): Server | undefined {
    let best: Server | undefined;
    for (const c of this.cursors) {
      const s = c.peek();
      if (s !== undefined && (best === undefined || compareServers(s, best) < 0)) best = s;
    }
    return best;
  }
}

interface RackEntry {
  readonly rack: string;
  count: number;
  readonly source: Merged;
}

const rackBefore = (a: RackEntry, b: RackEntry) => a.count < b.count || (a.count === b.count && a.rack < b.rack);

/** A binary min-heap of racks by (servers of this array there, rack id). */
class RackHeap {
  private readonly items: RackEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(e: RackEntry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!rackBefore(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): RackEntry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && rackBefore(a[l]!, a[m]!)) m = l;
      if (r < a.length && rackBefore(a[r]!, a[m]!)) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
    return top;
  }
}

/** Take up to `n` candidates in order. `take` claims each one before the next is looked at. */
export function pickInOrder(source: Merged, n: number, take: (s: Server) => void): number {
  let got = 0;
  while (got < n) {
    const s = source.peek();
    if (s === undefined) break;
    take(s);
    got++;
  }
  return got;
}

export interface SpreadInput {
  /** Rack ids with candidates, in order. */
  readonly racks: readonly string[];
  readonly hasRack: (rack: string) => boolean;
  readonly sourceFor: (rack: string) => Merged;
  /** The array's servers per rack; updated as servers are taken. */
  readonly usage: Map<string, number>;
  /**
   * Shared across calls on the same `racks` when a rack whose source is
   * empty stays empty (its candidates can only be claimed): the leading empty
   * racks are then skipped for good instead of being rescanned by every array.
   */
  readonly skip?: { value: number };
}

/**
 * Take up to `n` candidates round-robin over racks ordered by (how many
 * servers this array already has there, rack id).
 *
 * Racks the array does not use yet all come before any it does, so they are
 * walked in id order first; only then does a heap decide. That keeps a call
 * with many small arrays from building a heap of every rack each time.
 */
export function pickSpread(input: SpreadInput, n: number, take: (s: Server) => void): number {
  const { racks, usage } = input;
  let got = 0;
  const heap = new RackHeap();
  const used = (rack: string) => usage.get(rack) ?? 0;
  const takeFrom = (e: RackEntry): boolean => {
    const s = e.source.peek();
    if (s === undefined) return false;
    take(s);
    e.count++;
    usage.set(e.rack, e.count);
    got++;
    return true;
  };
  for (const [rack, count] of usage) {
    if (count > 0 && input.hasRack(rack)) heap.push({ rack, count, source: input.sourceFor(rack) });
  }
  let i = 0;
  if (input.skip !== undefined) {
    while (input.skip.value < racks.length && input.sourceFor(racks[input.skip.value]!).peek() === undefined) input.skip.value++;
    i = input.skip.value;
  }
  for (; i < racks.length && got < n; i++) {
    const rack = racks[i]!;
    if (used(rack) > 0) continue;
    const e: RackEntry = { rack, count: 0, source: input.sourceFor(rack) };
    if (takeFrom(e)) heap.push(e);
  }
  while (got < n && heap.size > 0) {
    const e = heap.pop()!;
    if (takeFrom(e)) heap.push(e);
  }
  return got;
}

/** The union of sorted rack id lists, sorted. */
export function mergeRacks(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  return [...new Set([...a, ...b])].sort(compareText);
}
