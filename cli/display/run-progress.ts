import type { ExecEvent } from '../../runtime/executor/index.ts';
import type { DisplayLayout } from './layout.ts';

type Settled = 'succeeded' | 'failed' | 'skipped' | 'stopped';

/** A bar or a phase line: how many of its units (instances, steps) ended which way. */
export interface Tally {
  readonly name: string;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly stopped: number;
  /** Units with a step running now. */
  readonly running: number;
}

export interface RunningStep {
  readonly id: string;
  readonly attempt: number;
  /** Executor clock time of the attempt's start. */
  readonly since: number;
}

/** A unit of a bar (an instance) or of a phase line (an infrastructure step): the node ids it waits for and what they became. */
class Unit {
  readonly settled = new Map<string, Settled>();
  failed = false;
  stopped = false;
  running = 0;
  constructor(readonly expected: Set<string>) {}

  state(): Settled | 'pending' {
    if (this.failed) return 'failed';
    if (this.stopped) return 'stopped';
    for (const id of this.expected) if (!this.settled.has(id)) return 'pending';
    return [...this.settled.values()].includes('skipped') ? 'skipped' : 'succeeded';
  }
}

class Group {
  readonly units = new Map<string, Unit>();
  constructor(readonly name: string) {}

  tally(): Tally {
    const t = { name: this.name, total: this.units.size, done: 0, failed: 0, skipped: 0, stopped: 0, running: 0 };
    for (const u of this.units.values()) {
      const s = u.state();
      if (s === 'succeeded') t.done++;
      else if (s === 'failed') t.failed++;
      else if (s === 'skipped') t.skipped++;
      else if (s === 'stopped') t.stopped++;
      if (u.running > 0) t.running++;
    }
    return t;
  }
}

const INSTANCE = /^([^/]+\/[^/[]+)\[(\d+)\](?:\/|$)/;

/**
 * The run's progress folded from executor events: one group per instance
 * array (its units are instances) and per infrastructure phase (its units are
 * steps), the steps running now, and what failed or was stopped. Nodes the
 * layout did not list (for_each elements `ID[key]`, a hook's own steps) count
 * for the unit whose step id is their prefix; nodes of instances or phases it
 * did not list at all (a destroy has no layout) add them as they appear.
 */
export class RunProgress {
  readonly arrays = new Map<string, Group>();
  readonly phases = new Map<string, Group>();
  readonly running = new Map<string, RunningStep>();
  readonly failed: string[] = [];
  readonly stopped: string[] = [];
  interrupted: string | undefined;
  /** Node id → its unit (cached: the prefix search runs once per node). */
  private readonly owner = new Map<string, Unit>();
  /** Expected step ids, longest first, for the prefix search. */
  private readonly known: [string, Unit][] = [];

  constructor(layout: DisplayLayout = { arrays: [], phases: [] }) {
    for (const a of layout.arrays) {
      const g = this.group(this.arrays, a.name);
      for (const i of a.instances) this.addUnit(g, i.key, i.steps);
    }
    for (const p of layout.phases) {
      const g = this.group(this.phases, p.name);
      for (const id of p.steps) this.addUnit(g, id, [id]);
    }
    this.known.sort((x, y) => y[0].length - x[0].length);
  }

  /** Folds one event in. */
  apply(e: ExecEvent): void {
    if (e.type === 'interrupt') {
      this.interrupted = e.reason;
      return;
    }
    if (e.type === 'group-stopped' || e.type === 'log') return;
    const unit = this.unitOf(e.id);
    const wasRunning = this.running.delete(e.id);
    if (wasRunning) unit.running--;
    switch (e.type) {
      case 'start':
        this.running.set(e.id, { id: e.id, attempt: e.attempt, since: e.at });
        unit.running++;
        return;
      case 'retry':
        return;
      case 'success':
      case 'resumed':
        unit.settled.set(e.id, 'succeeded');
        return;
      case 'skip':
        unit.settled.set(e.id, 'skipped');
        return;
      case 'failure':
        unit.settled.set(e.id, 'failed');
        unit.failed = true;
        this.failed.push(e.id);
        return;
      case 'stopped':
        unit.settled.set(e.id, 'stopped');
        unit.stopped = true;
        this.stopped.push(e.id);
        return;
    }
  }

  tallies(): { readonly arrays: Tally[]; readonly phases: Tally[] } {
    return { arrays: [...this.arrays.values()].map((g) => g.tally()), phases: [...this.phases.values()].map((g) => g.tally()) };
  }

  private group(map: Map<string, Group>, name: string): Group {
    let g = map.get(name);
    if (g === undefined) map.set(name, (g = new Group(name)));
    return g;
  }

  private addUnit(group: Group, key: string, steps: readonly string[]): Unit {
    const unit = new Unit(new Set(steps));
    group.units.set(key, unit);
    for (const id of steps) this.known.push([id, unit]);
    return unit;
  }

  private unitOf(id: string): Unit {
    const cached = this.owner.get(id);
    if (cached !== undefined) return cached;
    let unit = this.known.find(([k]) => id === k || id.startsWith(`${k}/`) || id.startsWith(`${k}[`))?.[1];
    if (unit === undefined) {
      const m = INSTANCE.exec(id);
      const [group, key] = m ? [this.group(this.arrays, m[1]!), `${m[1]}[${m[2]}]`] : [this.group(this.phases, phaseName(id)), id];
      unit = group.units.get(key) ?? this.addUnit(group, key, []);
      // A unit found only through events waits for the nodes seen so far.
      unit.expected.add(id);
    }
    this.owner.set(id, unit);
    return unit;
  }
}

/** `edge/pre_deploy/vips/api` → `edge/pre_deploy`; other infrastructure-level nodes (`edge/subnets`) → `edge/infrastructure`. */
function phaseName(id: string): string {
  const [infra, second] = id.split('/');
  return second !== undefined && /^(pre|post)_[a-z]+$/.test(second) ? `${infra}/${second}` : `${infra}/infrastructure`;
}
