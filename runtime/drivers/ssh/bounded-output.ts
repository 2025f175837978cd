/**
 * A command's stdout or stderr, kept within a byte budget: the first and
 * the last half of the budget, so both a command's header and its final
 * error survive; what was dropped in between is said in the text.
 */
export class BoundedOutput {
  private readonly half: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  /** Every byte received, kept or not. */
  total = 0;

  constructor(maxBytes: number) {
    this.half = Math.max(1, Math.floor(maxBytes / 2));
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.headBytes < this.half) {
      const take = chunk.subarray(0, this.half - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    // Drop whole chunks while the rest still fills the budget, then trim the first.
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= this.half) this.tailBytes -= this.tail.shift()!.length;
    if (this.tailBytes > this.half) {
      const first = this.tail[0]!;
      this.tail[0] = first.subarray(this.tailBytes - this.half);
      this.tailBytes = this.half;
    }
  }

  get truncated(): boolean {
    return this.total > this.headBytes + this.tailBytes;
  }

  /** The text, with `mask` applied to each kept part on its own (a cut never joins two halves of a secret). */
  text(mask: (text: string) => string = (t) => t): string {
    if (!this.truncated) return mask(Buffer.concat([...this.head, ...this.tail]).toString('utf8'));
    const head = mask(Buffer.concat(this.head, this.headBytes).toString('utf8'));
    const tail = mask(Buffer.concat(this.tail, this.tailBytes).toString('utf8'));
    const dropped = this.total - this.headBytes - this.tailBytes;
    return `${head}\n[mbp: output truncated: ${dropped} of ${this.total} bytes omitted here]\n${tail}`;
  }
}

/** Splits a stream of chunks into lines for live display; the last partial line comes out at `flush`. */
export class LineSplitter {
  private pending = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    const lines = (this.pending + this.decoder.decode(chunk, { stream: true })).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.emit(line.replace(/\r$/, ''));
  }

  flush(): void {
    const rest = this.pending + this.decoder.decode();
    this.pending = '';
    if (rest !== '') this.emit(rest);
  }
}
