/**
 * Offsets between the text a document was last checked as (`before`) and
 * its text now (`after`): they differ in one region, found by their common
 * start and end. Lets completion, signature help and hover answer from
 * the last check while the next one waits for the debounce.
 */
export class OffsetMap {
  /** Where the two texts start to differ (the same offset in both). */
  readonly changeStart: number;
  private readonly beforeEnd: number;
  private readonly afterEnd: number;

  constructor(
    readonly before: string,
    readonly after: string,
  ) {
    const max = Math.min(before.length, after.length);
    let start = 0;
    while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    let end = 0;
    while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
    this.changeStart = start;
    this.beforeEnd = before.length - end;
    this.afterEnd = after.length - end;
  }

  static identity(text: string): OffsetMap {
    return new OffsetMap(text, text);
  }

  /** An offset of the current text in the checked one (inside the changed region: where it starts). */
  toBefore(offset: number): number {
    if (offset <= this.changeStart) return offset;
    if (offset >= this.afterEnd) return offset - this.afterEnd + this.beforeEnd;
    return this.changeStart;
  }

  /** A span of the checked text in the current one; undefined when it overlaps the changed region. */
  spanToAfter(span: { readonly start: number; readonly end: number }): { start: number; end: number } | undefined {
    if (span.end <= this.changeStart) return { start: span.start, end: span.end };
    if (span.start >= this.beforeEnd) return { start: this.toAfter(span.start), end: this.toAfter(span.end) };
    return undefined;
  }

  /** An offset of the checked text in the current one (inside the changed region: where it starts). */
  toAfter(offset: number): number {
    if (offset <= this.changeStart) return offset;
    if (offset >= this.beforeEnd) return offset - this.beforeEnd + this.afterEnd;
    return this.changeStart;
  }
}
