// Builders for executor tests: nodes that take virtual time on a ManualClock,
// fail on chosen attempts, and record when they start and end.
import type { Clock } from '../../../runtime/clock/index.ts';
import type { ExecContext, ExecEvent, ExecNode, ExecObserver, Outputs } from '../../../runtime/executor/index.ts';

export interface Span {
  readonly id: string;
  readonly attempt: number;
  readonly start: number;
  end?: number;
}

/** What happened, in virtual time: every attempt's start and end, and in-flight counters per label. */
export class Trace {
  readonly spans: Span[] = [];
  readonly starts: string[] = [];
  private readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();

  constructor(readonly clock: Clock) {}

  enter(id: string, attempt: number, labels: readonly string[]): Span {
    const span: Span = { id, attempt, start: this.clock.now() };
    this.spans.push(span);
    this.starts.push(id);
    for (const l of labels) {
      const n = (this.inFlight.get(l) ?? 0) + 1;
      this.inFlight.set(l, n);
      this.maxInFlight.set(l, Math.max(n, this.maxInFlight.get(l) ?? 0));
    }
    return span;
  }

  leave(span: Span, labels: readonly string[]): void {
    span.end = this.clock.now();
    for (const l of labels) this.inFlight.set(l, (this.inFlight.get(l) ?? 0) - 1);
  }

  of(id: string): Span[] {
    return this.spans.filter((s) => s.id === id);
  }

  first(id: string): Span {
    const s = this.spans.find((x) => x.id === id);
    if (s === undefined) throw new Error(`${id} never started`);
    return s;
  }
}

export interface TestNodeOptions extends Partial<Omit<ExecNode, 'id' | 'run'>> {
  /** Virtual time each attempt takes (default 0). */
  readonly ms?: number;
  /** Attempts (1-based) that throw after their time has passed. */
  readonly failOn?: readonly number[];
  /** Labels counted while the node runs (defaults to its resources). */
  readonly labels?: readonly string[];
  readonly outputs?: (ctx: ExecContext) => Outputs;
  /** Never ends on its own: only its signal ends it. */
  readonly hang?: boolean;
  /** Ignores its signal too (a step that cannot be stopped). */
  readonly deaf?: boolean;
}

export function testNode(trace: Trace, id: string, o: TestNodeOptions = {}): ExecNode {
  const labels = o.labels ?? o.resources ?? [];
  return {
    ...o,
    id,
    idempotent: o.idempotent ?? true,
    async run(ctx) {
      const span = trace.enter(id, ctx.attempt, labels);
      try {
        if (o.deaf) await new Promise(() => undefined);
        if (o.hang) {
          await new Promise((_, reject) => {
            if (ctx.signal.aborted) reject(ctx.signal.reason);
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
          });
        }
        await trace.clock.sleep(o.ms ?? 0, ctx.signal);
        if (o.failOn?.includes(ctx.attempt)) throw new Error(`${id} failed on attempt ${ctx.attempt}`);
        return o.outputs?.(ctx) ?? { id };
      } finally {
        trace.leave(span, labels);
      }
    },
  };
}

/** Collects every event. */
export function recorder(): { readonly events: ExecEvent[]; readonly observer: ExecObserver } {
  const events: ExecEvent[] = [];
  return { events, observer: { onEvent: (e) => events.push(e) } };
}
