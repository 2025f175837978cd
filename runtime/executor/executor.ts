import { abortReason, systemClock, type Clock } from '../clock/index.ts';
import { failpoint } from '../failpoints/index.ts';
import { retryDelay, type Jitter } from './backoff.ts';
import { errorMessage, isRetryable, StepTimeoutError } from './errors.ts';
import type { ExecEvent, ExecObserver, SkipKind, StartEvent } from './events.ts';
import { Deadlines } from './deadlines.ts';
import { buildGraph, type Gate, type Graph, type Group, type Node } from './graph.ts';
import { resolveLimits, type LimitsConfig } from './limits.ts';
import { before, NodeHeap } from './node-heap.ts';
import type { ExecContext, ExecNode, ExecutionResult, GroupResult, NodeOutcome, NodeResult, Outputs } from './types.ts';

/** Reached while a node's `run` is in progress (its side effect has begun, its end is not recorded). */
export const FAILPOINT_MID_STEP = 'executor.mid-step';

/** What a resumed run takes from the journal of the run it resumes (see `analyzeJournal`). */
export interface ResumeState {
  /** Succeeded earlier: not run again, their outputs are used. */
  readonly done: ReadonlyMap<string, Outputs>;
  /** Non-idempotent and in doubt: skipped with this message (and their dependents with them) until a person decides. */
  readonly uncertain?: ReadonlyMap<string, string>;
}

export interface ExecutorOptions {
  readonly clock?: Clock;
  readonly limits?: LimitsConfig;
  /** Ctrl-C / SIGTERM: nothing new starts, running nodes see their signal abort, the result says interrupted. */
  readonly signal?: AbortSignal;
  readonly observers?: readonly ExecObserver[];
  readonly resume?: ResumeState;
  readonly jitter?: Jitter;
  /** After an interruption, how long to wait for running nodes to give up before returning anyway (default 30 s). */
  readonly interruptGraceMs?: number;
  /**
   * Which queued node takes a free slot first. `critical-path` (default):
   * steps of instances already in flight, then the longest estimated path to
   * the end of the run (`estimateMs`), then the order given. `given`: the
   * order given only.
   */
  readonly order?: 'critical-path' | 'given';
}

/** Runs the nodes as a DAG and resolves when every node has settled or the run was interrupted. Throws GraphError up front. */
export function execute(nodes: readonly ExecNode[], options: ExecutorOptions = {}): Promise<ExecutionResult> {
  const graph = buildGraph(nodes, resolveLimits(options.limits), options.order !== 'given');
  return new Run(graph, options).start();
}

interface SkipCause {
  readonly kind: SkipKind;
  readonly reason: string;
}

type Settlement = readonly [Node, 'succeeded' | 'failed' | 'skipped', SkipCause | undefined];

const noop = (): void => undefined;


class Run {
  private readonly clock: Clock;
  private readonly listeners: ((e: ExecEvent) => void)[] = [];
  private readonly hooks: ((e: StartEvent) => void | Promise<void>)[] = [];
  private readonly ready = new NodeHeap<Node>(before);
  /** The running steps' timeouts, on one timer. */
  private readonly deadlines: Deadlines;
  /** `order: 'given'` leaves every tier at 0. */
  private readonly byTier: boolean;
  private readonly toWake: Gate[] = [];
  private readonly running = new Set<Node>();
  /**
   * One controller per node waiting to retry, not one signal shared by all:
   * a shared signal would carry a listener per pending sleep, and Node warns
   * (MaxListenersExceededWarning, printed over the live display) past 10.
   */
  private readonly backoffs = new Set<AbortController>();
  private stopping = false;
  private interrupted = false;
  private fatal: { error: unknown } | undefined;
  private finished = false;
  private resolveRun: (r: ExecutionResult) => void = noop;
  private rejectRun: (e: unknown) => void = noop;
  private readonly outputsOf = (id: string): Outputs | undefined => {
    const n = this.graph.byId.get(id);
    return n?.state === 'succeeded' ? n.outputs : undefined;
  };

  constructor(
    private readonly graph: Graph,
    private readonly options: ExecutorOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.deadlines = new Deadlines(this.clock);
    this.byTier = options.order !== 'given';
    for (const o of options.observers ?? []) {
      if (o.onEvent) this.listeners.push(o.onEvent.bind(o));
      if (o.beforeEffect) this.hooks.push(o.beforeEffect.bind(o));
    }
  }

  start(): Promise<ExecutionResult> {
    const done = new Promise<ExecutionResult>((resolve, reject) => {
      this.resolveRun = resolve;
      this.rejectRun = reject;
    });
    const signal = this.options.signal;
    this.applyResume();
    for (const g of this.graph.groups.values()) if (g.nodes.length === 0) this.groupSettled(g, []);
    for (const n of this.graph.nodes) if (n.state === 'waiting' && n.pending === 0) this.makeReady(n);
    if (signal?.aborted) this.onAbort();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
    this.pump();
    return done;
  }

  private emit(e: ExecEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (error) {
        this.stop({ error });
      }
    }
  }

  private applyResume(): void {
    const resume = this.options.resume;
    if (resume === undefined) return;
    for (const n of this.graph.nodes) {
      const outputs = resume.done.get(n.def.id);
      if (outputs !== undefined) {
        n.outputs = outputs;
        n.resumed = true;
        if (n.member) n.member.started = true;
        this.emit({ type: 'resumed', id: n.def.id, outputs, at: this.clock.now() });
        this.settle(n, 'succeeded');
        continue;
      }
      const doubt = resume.uncertain?.get(n.def.id);
      if (doubt !== undefined) this.settle(n, 'skipped', { kind: 'uncertain', reason: doubt });
    }
  }

  private makeReady(n: Node): void {
    n.state = 'ready';
    this.queue(this.ready, n);
  }

  /** Queues `n`, first noting whether it continues a span already held (its slot is taken either way, so it should not wait behind a newcomer). */
  private queue(heap: NodeHeap<Node>, n: Node): void {
    if (this.byTier) {
      let tier: 0 | 1 = n.spans.length > 0 ? 0 : 1;
      for (const s of n.spans) if (!s.held) tier = 1;
      n.tier = tier;
    }
    heap.push(n);
  }

  /** Starts whatever can start; the only place nodes start from. */
  private pump(): void {
    while (!this.stopping && (this.toWake.length > 0 || this.ready.size > 0)) {
      const gate = this.toWake.pop();
      if (gate !== undefined) {
        this.wake(gate);
        continue;
      }
      const n = this.ready.pop()!;
      if (n.state === 'ready') this.tryStart(n, false);
    }
    this.checkDone();
  }

  /** Gives freed slots of `gate` to the nodes parked on it, lowest index first. */
  private wake(gate: Gate): void {
    while (!this.stopping && gate.used < gate.limit && gate.waiters.size > 0) {
      const n = gate.waiters.pop()!;
      if (n.state === 'ready') this.tryStart(n, false);
    }
  }

  private tryStart(n: Node, force: boolean): void {
    const member = n.member;
    if (member !== undefined && member.group.stopped && !member.started) {
      this.settle(n, 'skipped', { kind: 'group-stopped', reason: `group ${member.group.name} stopped after ${member.group.failed.length} failed members (allowed: ${member.group.maxFailures})` });
      return;
    }
    if (!force) {
      const full = this.fullGate(n);
      if (full !== undefined) {
        this.queue(full.waiters, n);
        return;
      }
    }
    for (const g of n.gates) g.used += 1;
    for (const s of n.spans) {
      if (!s.held) {
        s.held = true;
        s.gate.used += 1;
      }
    }
    if (member !== undefined) member.started = true;
    void this.attempt(n);
  }

  private fullGate(n: Node): Gate | undefined {
    for (const g of n.gates) if (g.used >= g.limit) return g;
    if (n.spans.length === 1) {
      const s = n.spans[0]!;
      return !s.held && s.gate.used >= s.gate.limit ? s.gate : undefined;
    }
    // Several spans may draw on one gate (two instance keys): count what this node would add.
    const adds = new Map<Gate, number>();
    for (const s of n.spans) {
      if (s.held) continue;
      const add = (adds.get(s.gate) ?? 0) + 1;
      if (s.gate.used + add > s.gate.limit) return s.gate;
      adds.set(s.gate, add);
    }
    return undefined;
  }

  private async attempt(n: Node): Promise<void> {
    const def = n.def;
    n.attempt += 1;
    n.state = 'running';
    const ctl = new AbortController();
    n.ctl = ctl;
    this.running.add(n);
    const attempt = n.attempt;
    const started: StartEvent =
      def.check === undefined
        ? { type: 'start', id: def.id, attempt, idempotent: def.idempotent, at: this.clock.now() }
        : { type: 'start', id: def.id, attempt, idempotent: def.idempotent, check: def.check, at: this.clock.now() };
    this.emit(started);
    let ran = false;
    let timedOut = false;
    let outputs: Outputs | undefined;
    let error: unknown;
    try {
      for (const hook of this.hooks) {
        const p = hook(started);
        if (p !== undefined) await p;
      }
      if (ctl.signal.aborted) throw abortReason(ctl.signal);
      ran = true;
      const ctx: ExecContext = {
        signal: ctl.signal,
        attempt,
        outputsOf: this.outputsOf,
        log: (line) => this.emit({ type: 'log', id: def.id, attempt, line, at: this.clock.now() }),
      };
      const work = def.run(ctx);
      const bounded =
        def.timeoutMs === undefined
          ? work
          : this.withTimeout(work, def.timeoutMs, def.id, ctl, () => {
              timedOut = true;
            });
      // The failpoint sits inside the step: its side effect has begun, its end is not yet recorded.
      [outputs] = await Promise.all([bounded, failpoint(FAILPOINT_MID_STEP)]);
    } catch (e) {
      error = e;
    }
    this.running.delete(n);
    n.ctl = undefined;
    if (this.finished) return;
    for (const g of n.gates) {
      g.used -= 1;
      if (g.waiters.size > 0) this.toWake.push(g);
    }
    const durationMs = this.clock.now() - started.at;
    const at = this.clock.now();
    if (error === undefined) {
      const out = outputs ?? {};
      n.outputs = out;
      this.emit({ type: 'success', id: def.id, attempt, outputs: out, durationMs, at });
      this.settle(n, 'succeeded');
    } else if (this.stopping && (!ran || (ctl.signal.aborted && !timedOut))) {
      n.state = 'interrupted';
      n.error = errorMessage(error);
      this.emit({ type: 'stopped', id: def.id, attempt, ran, error: n.error, durationMs, at });
    } else {
      const message = errorMessage(error);
      const policy = def.retry;
      if (!this.stopping && policy !== undefined && attempt < policy.attempts && isRetryable(error)) {
        const delayMs = retryDelay(policy, attempt, this.options.jitter, def.id);
        n.state = 'backoff';
        this.emit({ type: 'retry', id: def.id, attempt, error: message, timedOut, durationMs, delayMs, at });
        this.retryAfter(n, delayMs);
      } else {
        n.error = message;
        this.emit({ type: 'failure', id: def.id, attempt, error: message, timedOut, durationMs, at });
        this.settle(n, 'failed');
      }
    }
    this.pump();
  }

  /** `work`, or a StepTimeoutError (the step's signal aborted with it) when it has not settled `ms` after its start. */
  private withTimeout(work: Promise<Outputs>, ms: number, id: string, ctl: AbortController, onTimeout: () => void): Promise<Outputs> {
    return new Promise<Outputs>((resolve, reject) => {
      const cancel = this.deadlines.add(ms, () => {
        const err = new StepTimeoutError(id, ms);
        onTimeout();
        ctl.abort(err);
        reject(err);
      });
      work.then(
        (outputs) => {
          cancel();
          resolve(outputs);
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });
  }

  /** A node waiting to retry holds no slot; it queues again once the delay is over. */
  private retryAfter(n: Node, delayMs: number): void {
    const timer = new AbortController();
    this.backoffs.add(timer);
    this.clock.sleep(delayMs, timer.signal).then(
      () => {
        this.backoffs.delete(timer);
        if (this.finished) return;
        if (this.stopping) n.state = 'interrupted';
        else this.makeReady(n);
        this.pump();
      },
      () => {
        this.backoffs.delete(timer);
        if (this.finished) return;
        n.state = 'interrupted';
        this.checkDone();
      },
    );
  }

  /** Settles a node and everything that follows from it, without recursion (chains can be long). */
  private settle(first: Node, outcome: 'succeeded' | 'failed' | 'skipped', cause?: SkipCause): void {
    const work: Settlement[] = [[first, outcome, cause]];
    for (let item = work.pop(); item !== undefined; item = work.pop()) {
      const [n, o, why] = item;
      if (n.state !== 'waiting' && n.state !== 'ready' && n.state !== 'running' && n.state !== 'backoff') continue;
      n.state = o;
      if (o === 'skipped' && why !== undefined) {
        n.reason = why.reason;
        this.emit({ type: 'skip', id: n.def.id, reason: why.reason, kind: why.kind, at: this.clock.now() });
      }
      for (const s of n.spans) {
        if (--s.remaining === 0 && s.held) {
          s.held = false;
          s.gate.used -= 1;
          if (s.gate.waiters.size > 0) this.toWake.push(s.gate);
        }
      }
      const member = n.member;
      if (member !== undefined) {
        const g = member.group;
        if (o !== 'succeeded' && !member.failed && why?.kind !== 'group-stopped') {
          member.failed = true;
          g.failed.push(member.id);
          if (g.failed.length > g.maxFailures && !g.stopped) this.stopGroup(g, work);
        }
        if (--g.unsettled === 0) this.groupSettled(g, work);
      }
      if (o === 'succeeded') {
        for (const d of n.dependents) if (d.state === 'waiting' && --d.pending === 0) this.makeReady(d);
      } else {
        // Skips caused by a stopped rollout stay rollout skips, so they do not count as member failures.
        const kind: SkipKind = why?.kind === 'group-stopped' ? 'group-stopped' : 'dependency';
        const reason = `needs ${n.def.id}, which ${o === 'failed' ? 'failed' : 'was skipped'}`;
        for (const d of n.dependents) work.push([d, 'skipped', { kind, reason }]);
      }
    }
  }

  private stopGroup(g: Group, work: Settlement[]): void {
    g.stopped = true;
    this.emit({ type: 'group-stopped', group: g.name, failedMembers: [...g.failed], maxFailures: g.maxFailures, at: this.clock.now() });
    const reason = `group ${g.name} stopped after ${g.failed.length} failed members (allowed: ${g.maxFailures})`;
    for (const n of g.nodes) {
      if ((n.state === 'waiting' || n.state === 'ready') && !n.member!.started) work.push([n, 'skipped', { kind: 'group-stopped', reason }]);
    }
  }

  private groupSettled(g: Group, work: Settlement[]): void {
    for (const { node, tolerate } of g.dependents) {
      const allowed = tolerate ? g.maxFailures : 0;
      if (!g.stopped && g.failed.length <= allowed) {
        if (node.state === 'waiting' && --node.pending === 0) this.makeReady(node);
      } else {
        const reason = `needs group ${g.name}, where ${g.failed.length} member${g.failed.length === 1 ? '' : 's'} failed (allowed: ${allowed})`;
        work.push([node, 'skipped', { kind: 'dependency', reason }]);
      }
    }
  }

  private readonly onAbort = (): void => {
    const reason = errorMessage(abortReason(this.options.signal!));
    this.interrupted = true;
    this.emit({ type: 'interrupt', reason, at: this.clock.now() });
    this.stop(undefined);
  };

  /** No new node starts; running ones are told to stop; `fatal` carries an observer's error. */
  private stop(fatal: { error: unknown } | undefined): void {
    if (fatal !== undefined) this.fatal ??= fatal;
    if (this.stopping || this.finished) return;
    this.stopping = true;
    const reason = fatal?.error ?? abortReason(this.options.signal ?? AbortSignal.abort());
    for (const n of this.running) n.ctl?.abort(reason);
    for (const t of this.backoffs) t.abort(reason);
    if (this.running.size > 0) {
      const grace = new AbortController();
      this.clock.sleep(this.options.interruptGraceMs ?? 30_000, grace.signal).then(() => this.finish(), noop);
      this.stopGrace = () => grace.abort();
    }
    // stop() may be called from inside an event listener; finishing is left to the caller's pump.
    queueMicrotask(() => this.checkDone());
  }

  private stopGrace: () => void = noop;

  private checkDone(): void {
    if (this.finished || this.running.size > 0 || this.backoffs.size > 0) return;
    if (!this.stopping) {
      const stuck = this.lowestParked();
      if (stuck !== undefined) {
        // Nothing runs and nothing waits for time, so the parked node waits on an
        // instance or member slot held by nodes that wait on it: let it through.
        stuck.gate.waiters.pop();
        this.tryStart(stuck.node, true);
        this.pump();
        return;
      }
    }
    this.finish();
  }

  private lowestParked(): { node: Node; gate: Gate } | undefined {
    let best: { node: Node; gate: Gate } | undefined;
    for (const gate of this.graph.gates) {
      let head = gate.waiters.peek();
      while (head !== undefined && head.state !== 'ready') {
        gate.waiters.pop();
        head = gate.waiters.peek();
      }
      if (head !== undefined && (best === undefined || before(head, best.node))) best = { node: head, gate };
    }
    return best;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopGrace();
    for (const t of this.backoffs) t.abort();
    this.options.signal?.removeEventListener('abort', this.onAbort);
    if (this.fatal !== undefined) {
      this.rejectRun(this.fatal.error);
      return;
    }
    this.resolveRun(this.result());
  }

  private result(): ExecutionResult {
    const counts: Record<NodeOutcome, number> = { succeeded: 0, failed: 0, skipped: 0, interrupted: 0, 'not-started': 0 };
    const nodes = new Map<string, NodeResult>();
    for (const n of this.graph.nodes) {
      const outcome = outcomeOf(n);
      counts[outcome] += 1;
      const r: { -readonly [K in keyof NodeResult]: NodeResult[K] } = { id: n.def.id, outcome, attempts: n.attempt };
      if (n.outputs !== undefined && outcome === 'succeeded') r.outputs = n.outputs;
      if (n.error !== undefined) r.error = n.error;
      if (n.reason !== undefined) r.reason = n.reason;
      if (n.resumed) r.resumed = true;
      nodes.set(n.def.id, r);
    }
    const groups = new Map<string, GroupResult>();
    for (const g of this.graph.groups.values()) {
      groups.set(g.name, { name: g.name, members: g.members.size, failedMembers: [...g.failed], maxFailures: g.maxFailures, stopped: g.stopped });
    }
    const status = this.interrupted ? 'interrupted' : counts.succeeded === this.graph.nodes.length ? 'succeeded' : 'failed';
    return { status, nodes, groups, counts };
  }
}

function outcomeOf(n: Node): NodeOutcome {
  switch (n.state) {
    case 'waiting':
    case 'ready':
    case 'not-started':
      return 'not-started';
    case 'running':
    case 'backoff':
    case 'interrupted':
      return 'interrupted';
    default:
      return n.state;
  }
}
