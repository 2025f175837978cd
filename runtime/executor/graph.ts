import { GraphError } from './errors.ts';
import { resourceClass, type ResourceLimit } from './limits.ts';
import { before, NodeHeap } from './node-heap.ts';
import type { ExecNode, Outputs } from './types.ts';

/**
 * The executor's working form of the node list: integer-indexed nodes with
 * in-degree counters and dependent lists, and the counting semaphores
 * (gates) their resources and groups map to. Built once in O(nodes + edges).
 */

/** A counting semaphore; nodes that find it full park in `waiters` until a slot frees. */
export class Gate {
  used = 0;
  readonly waiters = new NodeHeap<Node>(before);
  constructor(
    readonly label: string,
    readonly limit: number,
  ) {}
}

/** A key held from its first node's start until all its nodes have settled (an instance, a group member). */
export class Span {
  remaining = 0;
  held = false;
  constructor(readonly gate: Gate) {}
}

export class Member {
  started = false;
  failed = false;
  constructor(
    readonly id: string,
    readonly group: Group,
    readonly span: Span | undefined,
  ) {}
}

export class Group {
  readonly members = new Map<string, Member>();
  readonly nodes: Node[] = [];
  readonly dependents: { readonly node: Node; readonly tolerate: boolean }[] = [];
  readonly failed: string[] = [];
  stopped = false;
  unsettled = 0;
  constructor(
    readonly name: string,
    readonly maxFailures: number,
    readonly gate: Gate | undefined,
  ) {}
}

export type NodeState =
  | 'waiting'
  | 'ready'
  | 'running'
  | 'backoff'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'interrupted'
  | 'not-started';

export interface Node {
  readonly def: ExecNode;
  readonly index: number;
  state: NodeState;
  /** Needs (nodes and groups) not yet satisfied. */
  pending: number;
  readonly dependents: Node[];
  /** Held for each attempt. */
  readonly gates: Gate[];
  /** Held across the node's whole life and its siblings'. */
  readonly spans: Span[];
  readonly member: Member | undefined;
  /** Longest estimated path (`estimateMs`) from this node's start to the end of the run: its priority. */
  rank: number;
  /** Set each time the node is queued: 0 when it continues a span already held (see `before`). */
  tier: 0 | 1;
  attempt: number;
  ctl: AbortController | undefined;
  outputs: Outputs | undefined;
  error: string | undefined;
  reason: string | undefined;
  resumed: boolean;
}

export interface Graph {
  readonly nodes: readonly Node[];
  readonly byId: ReadonlyMap<string, Node>;
  readonly groups: ReadonlyMap<string, Group>;
  readonly gates: readonly Gate[];
}

/** `ranked: false` leaves every rank at 0, so ready nodes go in the order given. */
export function buildGraph(defs: readonly ExecNode[], limits: ReadonlyMap<string, ResourceLimit>, ranked = true): Graph {
  const problems: string[] = [];
  const byId = new Map<string, Node>();
  const groups = new Map<string, Group>();
  const gates: Gate[] = [];
  const classGates = new Map<string, Gate>();
  const keyGates = new Map<string, Gate>();
  const spans = new Map<string, Span>();

  const newGate = (label: string, limit: number): Gate => {
    const g = new Gate(label, limit);
    gates.push(g);
    return g;
  };
  const classGate = (cls: string, total: number): Gate => {
    let g = classGates.get(cls);
    if (g === undefined) classGates.set(cls, (g = newGate(cls, total)));
    return g;
  };

  const groupFor = (def: ExecNode): Group | undefined => {
    const spec = def.group;
    if (spec === undefined) return undefined;
    let g = groups.get(spec.name);
    if (g === undefined) {
      const maxParallel = spec.maxParallel;
      if (maxParallel !== undefined && !(Number.isInteger(maxParallel) && maxParallel >= 1)) problems.push(`group ${spec.name}: maxParallel must be a whole number of at least 1`);
      const gate = maxParallel === undefined ? undefined : newGate(`group:${spec.name}`, maxParallel);
      g = new Group(spec.name, spec.maxFailures ?? 0, gate);
      groups.set(spec.name, g);
    } else if ((spec.maxFailures ?? 0) !== g.maxFailures || spec.maxParallel !== g.gate?.limit) {
      problems.push(`${def.id}: group ${spec.name} is given different limits by different nodes`);
    }
    return g;
  };

  const nodes: Node[] = defs.map((def, index) => {
    if (byId.has(def.id)) problems.push(`${def.id} is given twice`);
    const est = def.estimateMs;
    if (est !== undefined && !(Number.isFinite(est) && est >= 0)) problems.push(`${def.id}: estimateMs must be a finite number of at least 0 (got ${est})`);
    const group = groupFor(def);
    let member: Member | undefined;
    if (group !== undefined) {
      const memberId = def.group?.member ?? def.id;
      member = group.members.get(memberId);
      if (member === undefined) {
        member = new Member(memberId, group, group.gate && new Span(group.gate));
        group.members.set(memberId, member);
      }
    }
    const node: Node = {
      def,
      index,
      state: 'waiting',
      pending: 0,
      dependents: [],
      gates: [],
      spans: [],
      member,
      rank: 0,
      tier: 0,
      attempt: 0,
      ctl: undefined,
      outputs: undefined,
      error: undefined,
      reason: undefined,
      resumed: false,
    };
    // A waiting step holds no slot: neither resources nor its member's place in the rollout.
    if (!def.waitsOnly) {
      for (const key of new Set(def.resources ?? [])) {
        const cls = resourceClass(key);
        const limit = limits.get(cls);
        if (limit === undefined) continue;
        if (limit.span && limit.total !== undefined) {
          let span = spans.get(key);
          if (span === undefined) spans.set(key, (span = new Span(classGate(cls, limit.total))));
          node.spans.push(span);
          continue;
        }
        if (limit.total !== undefined) {
          const g = classGate(cls, limit.total);
          if (!node.gates.includes(g)) node.gates.push(g);
        }
        if (limit.perKey !== undefined) {
          let g = keyGates.get(key);
          if (g === undefined) keyGates.set(key, (g = newGate(key, limit.perKey)));
          node.gates.push(g);
        }
      }
      if (member?.span !== undefined) node.spans.push(member.span);
      for (const s of node.spans) s.remaining += 1;
    }
    if (group !== undefined) {
      group.nodes.push(node);
      group.unsettled += 1;
    }
    byId.set(def.id, node);
    return node;
  });

  for (const node of nodes) {
    for (const need of new Set(node.def.needs ?? [])) {
      const dep = byId.get(need);
      if (dep === undefined) problems.push(`${node.def.id} needs ${need}, which is not in the graph`);
      else if (dep === node) problems.push(`${node.def.id} needs itself`);
      else {
        dep.dependents.push(node);
        node.pending += 1;
      }
    }
    for (const need of node.def.needsGroup ?? []) {
      let group = groups.get(need.name);
      // A group nobody belongs to (an array scaled to 0) is settled from the start.
      if (group === undefined) groups.set(need.name, (group = new Group(need.name, 0, undefined)));
      if (node.member?.group === group) problems.push(`${node.def.id} needs its own group ${need.name}`);
      group.dependents.push({ node, tolerate: need.tolerateFailures ?? false });
      node.pending += 1;
    }
  }
  for (const node of nodes) compact(node);
  if (problems.length === 0) {
    const { order, stuck } = topologicalOrder(nodes, groups);
    if (stuck.length > 0) problems.push(`a cycle of needs runs through ${stuck.slice(0, 8).join(', ')}${stuck.length > 8 ? ', …' : ''}`);
    else if (ranked && defs.some((d) => d.estimateMs !== undefined)) rankNodes(order);
  }
  if (problems.length > 0) throw new GraphError(problems);
  return { nodes, byId, groups, gates };
}

/** Shared by every node with none: nothing is added to a node's lists once the graph is built. */
const NONE: never[] = [];

/**
 * A node's lists at their exact length: an array grown by `push` keeps room
 * for ~16 elements (~150 bytes), and at 90,000 nodes with three lists each
 * the slack was ~40 MB of a run's heap.
 */
function compact(node: Node): void {
  const n = node as { dependents: Node[]; gates: Gate[]; spans: Span[] };
  n.dependents = node.dependents.length === 0 ? NONE : node.dependents.slice();
  n.gates = node.gates.length === 0 ? NONE : node.gates.slice();
  n.spans = node.spans.length === 0 ? NONE : node.spans.slice();
}

/**
 * Each node's bottom level: its estimate plus the longest rank among what
 * waits on it (its dependents, and the dependents of its group, which wait
 * for every member). Walks the topological order backwards, so each rank is
 * final before a node that precedes it reads it.
 */
function rankNodes(order: readonly Node[]): void {
  const groupRank = new Map<Group, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    let next = 0;
    for (const d of n.dependents) if (d.rank > next) next = d.rank;
    const g = n.member?.group;
    if (g !== undefined) {
      let r = groupRank.get(g);
      if (r === undefined) {
        r = 0;
        for (const d of g.dependents) if (d.node.rank > r) r = d.node.rank;
        groupRank.set(g, r);
      }
      if (r > next) next = r;
    }
    n.rank = (n.def.estimateMs ?? 0) + next;
  }
}

/** Kahn's algorithm over needs and group needs: the nodes in an order where each comes after what it needs, and those that never become free (a cycle). */
function topologicalOrder(nodes: readonly Node[], groups: ReadonlyMap<string, Group>): { order: Node[]; stuck: string[] } {
  const pending = nodes.map((n) => n.pending);
  const groupLeft = new Map<Group, number>();
  for (const g of groups.values()) groupLeft.set(g, g.nodes.length);
  const free: Node[] = [];
  const release = (n: Node): void => {
    if (--pending[n.index]! === 0) free.push(n);
  };
  for (const n of nodes) if (pending[n.index] === 0) free.push(n);
  for (const g of groups.values()) if (g.nodes.length === 0) for (const d of g.dependents) release(d.node);
  const order: Node[] = [];
  for (let n = free.pop(); n !== undefined; n = free.pop()) {
    order.push(n);
    for (const d of n.dependents) release(d);
    const g = n.member?.group;
    if (g !== undefined) {
      const left = groupLeft.get(g)! - 1;
      groupLeft.set(g, left);
      if (left === 0) for (const d of g.dependents) release(d.node);
    }
  }
  if (order.length === nodes.length) return { order, stuck: [] };
  return { order, stuck: nodes.filter((n) => pending[n.index]! > 0).map((n) => n.def.id) };
}
