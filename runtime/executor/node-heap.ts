/** What the ready queue orders nodes by; see `before`. */
export interface Queued {
  /** Position in the list given to `execute`: the last tie-break, so a run is reproducible. */
  readonly index: number;
  /** 0: the node continues a span its siblings already hold (an instance in flight); 1: anything else. */
  tier: 0 | 1;
  /** Longest estimated path from the node's start to the end of the run (0 without estimates). */
  readonly rank: number;
}

/**
 * Which of two queued nodes starts first: steps of instances already in
 * flight (their slot is held whether they run or not), then the longest
 * estimated remaining path (critical-path-first list scheduling, which
 * leaves the short instances for the tail), then the order given.
 */
export function before(a: Queued, b: Queued): boolean {
  if (a.tier !== b.tier) return a.tier < b.tier;
  if (a.rank !== b.rank) return a.rank > b.rank;
  return a.index < b.index;
}

/** A binary heap, on top the item that `first` puts first (the ready queue and gate waiters: `before`). */
export class NodeHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly first: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Keeps only the items `keep` accepts (O(n)). */
  retain(keep: (item: T) => boolean): void {
    const kept = this.items.filter(keep);
    this.items.length = 0;
    for (const item of kept) this.push(item);
  }

  push(item: T): void {
    const a = this.items;
    let i = a.length;
    a.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent]!;
      if (!this.first(item, p)) break;
      a[i] = p;
      i = parent;
    }
    a[i] = item;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.first(a[r]!, a[l]!) ? r : l;
      if (!this.first(a[c]!, last)) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
