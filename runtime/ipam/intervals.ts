/** An inclusive range of addresses. */
export interface Interval {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * Sorted, disjoint, non-adjacent intervals. Lookups are binary searches and
 * inserts a splice, so an allocator holding tens of thousands of used blocks
 * stays fast (no address-by-address scans).
 */
export class IntervalSet {
  private readonly items: Interval[] = [];

  static from(intervals: Iterable<Interval>): IntervalSet {
    const set = new IntervalSet();
    const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (const next of sorted) {
      const top = set.items[set.items.length - 1];
      if (top !== undefined && next.start <= top.end + 1n) {
        if (next.end > top.end) set.items[set.items.length - 1] = { start: top.start, end: next.end };
      } else {
        set.items.push(next);
      }
    }
    return set;
  }

  get length(): number {
    return this.items.length;
  }

  at(index: number): Interval | undefined {
    return this.items[index];
  }

  /** Index of the first interval whose end is >= `value` (length if none). */
  firstEndingAtOrAfter(value: bigint): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.end < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The interval containing `value`, if any. */
  find(value: bigint): Interval | undefined {
    const hit = this.items[this.firstEndingAtOrAfter(value)];
    return hit !== undefined && hit.start <= value ? hit : undefined;
  }

  overlaps(start: bigint, end: bigint): boolean {
    const hit = this.items[this.firstEndingAtOrAfter(start)];
    return hit !== undefined && hit.start <= end;
  }

  /** Adds [start, end], merging with overlapping or adjacent neighbours. */
  add(start: bigint, end: bigint): void {
    const first = this.firstEndingAtOrAfter(start - 1n);
    let last = first;
    let mergedStart = start;
    let mergedEnd = end;
    while (last < this.items.length && this.items[last]!.start <= end + 1n) {
      const item = this.items[last]!;
      if (item.start < mergedStart) mergedStart = item.start;
      if (item.end > mergedEnd) mergedEnd = item.end;
      last++;
    }
    this.items.splice(first, last - first, { start: mergedStart, end: mergedEnd });
  }
}
