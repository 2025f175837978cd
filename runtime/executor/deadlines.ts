import type { Clock } from '../clock/index.ts';
import { NodeHeap } from './node-heap.ts';

interface Deadline {
  readonly due: number;
  readonly seq: number;
  /** Cleared once it fired or was cancelled: the heap keeps the entry until it reaches the top, not what it would call. */
  fire: (() => void) | undefined;
}

const earlier = (a: Deadline, b: Deadline): boolean => a.due < b.due || (a.due === b.due && a.seq < b.seq);

/** Why the one armed timer is set aside: reasons made once (`abort()` without one builds a DOMException each time). */
const REARMED = new Error('an earlier deadline was added');
const NONE_LEFT = new Error('no deadline is left');

/**
 * The running steps' timeouts on one clock timer: the earliest deadline is
 * armed, the others wait in a heap. A timer per step cost an
 * AbortController, an abort listener and a cancellation on every step; a
 * deadline no earlier than the armed one (the usual case: a step's timeout
 * runs from its start) costs a heap push, and its cancellation a flag.
 * When no deadline is left the armed timer is cancelled, so a finished run
 * keeps nothing waiting in the event loop.
 */
export class Deadlines {
  private readonly heap = new NodeHeap<Deadline>(earlier);
  private seq = 0;
  private live = 0;
  private armed: { readonly due: number; readonly timer: AbortController } | undefined;

  constructor(private readonly clock: Clock) {}

  /** Calls `fire` `ms` from now, unless the cancel returned is called first. */
  add(ms: number, fire: () => void): () => void {
    const d: Deadline = { due: this.clock.now() + ms, seq: this.seq++, fire };
    this.heap.push(d);
    this.live += 1;
    if (this.armed === undefined || d.due < this.armed.due) this.arm();
    return () => {
      if (d.fire === undefined) return;
      d.fire = undefined;
      this.live -= 1;
      if (this.live === 0) {
        this.disarm(NONE_LEFT);
        this.heap.retain(() => false);
      } else if (this.heap.size > 2 * this.live + 1024) {
        // Cancelled entries wait for their due time to reach the top: dropped in one pass once they outnumber the live ones.
        this.heap.retain((x) => x.fire !== undefined);
      }
    };
  }

  private disarm(reason: Error): void {
    this.armed?.timer.abort(reason);
    this.armed = undefined;
  }

  /** Arms the timer for the earliest deadline still wanted (dropping the dead ones on top). */
  private arm(): void {
    this.disarm(REARMED);
    let top = this.heap.peek();
    while (top !== undefined && top.fire === undefined) {
      this.heap.pop();
      top = this.heap.peek();
    }
    if (top === undefined) return;
    const armed = { due: top.due, timer: new AbortController() };
    this.armed = armed;
    this.clock.sleep(Math.max(0, top.due - this.clock.now()), armed.timer.signal).then(
      () => {
        if (this.armed !== armed) return;
        this.armed = undefined;
        this.expire();
      },
      () => undefined,
    );
  }

  /** Fires every deadline that is due, in order, then arms for the next. */
  private expire(): void {
    const now = this.clock.now();
    for (let top = this.heap.peek(); top !== undefined && top.due <= now; top = this.heap.peek()) {
      this.heap.pop();
      const fire = top.fire;
      if (fire === undefined) continue;
      top.fire = undefined;
      this.live -= 1;
      fire();
    }
    if (this.armed === undefined) this.arm();
  }
}
