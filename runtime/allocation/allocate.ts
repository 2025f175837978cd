import type { Inventory, Server } from '../inventory/index.ts';
import { compareText } from '../../stdlib/index.ts';
import { Cursor, Merged, mergeRacks, pickInOrder, pickSpread } from './candidates.ts';
import { bindingEntries, planKeep, type KeptBinding } from './keep.ts';
import { skipMessage } from './messages.ts';
import { missingTags, ServerIndex } from './server-index.ts';
import { explainShortage, type ClaimKind } from './shortage.ts';
import type {
  AllocationProblem,
  AllocationRequest,
  AllocationResult,
  ArrayAllocation,
  AssignmentReason,
  Demand,
  Holder,
  InstanceAssignment,
  PreferenceSkip,
  ProblemCode,
  Removal,
  ServerRef,
  SkipReason,
} from './types.ts';

export interface AllocateOptions {
  /** An index built earlier from the same inventory snapshot (`buildServerIndex`), to skip rebuilding it. */
  readonly index?: ServerIndex;
}

interface Claim {
  /** Position of the claiming request in processing order. */
  readonly request: number;
  readonly holder: Holder;
  kind: ClaimKind;
}

interface Pick {
  readonly server: Server;
  readonly reason: AssignmentReason;
}

/** Per request, what the three passes share. */
interface RequestState {
  readonly ordinal: number;
  readonly req: AllocationRequest;
  readonly tags: readonly string[];
  readonly spread: boolean;
  /** Valid demands, unknown types and duplicates dropped. */
  readonly demands: readonly Demand[];
  /** False when the datacenter is unknown: kept bindings stay, nothing new is allocated. */
  readonly canAllocate: boolean;
  retained: KeptBinding[];
  removed: Removal[];
  /** New servers still wanted per type. */
  readonly need: Map<string, number>;
  readonly preferred: Map<string, Pick[]>;
  readonly filled: Map<string, Pick[]>;
  readonly rackUsage: Map<string, number>;
  readonly skipped: PreferenceSkip[];
  readonly seenPreferences: Set<number>;
}

/**
 * Chooses a server for every instance of every request, without I/O: the
 * same inventory and requests give the same result, whatever order the
 * inventory lists its servers in. The policy is in docs/allocation.md:
 * requests in (infrastructure, array) order; kept bindings first (for all
 * requests), then preferred servers (for all requests), then the rest, spread
 * round-robin over racks or in candidate order (rack, name, id).
 *
 * Nothing here throws on bad input: an impossible or malformed request gives
 * a problem that says what is missing, and the rest is still allocated so a
 * plan can show everything at once.
 */
export function allocateServers(inventory: Inventory, requests: readonly AllocationRequest[], options: AllocateOptions = {}): AllocationResult {
  const index = options.index ?? new ServerIndex(inventory);
  const problems: AllocationProblem[] = [];
  const claims = new Map<number, Claim>();
  const problem = (req: AllocationRequest, code: ProblemCode, message: string, extra: Partial<AllocationProblem> = {}) =>
    problems.push({ code, infrastructure: req.infrastructure, array: req.array, message: `${req.infrastructure}/${req.array}: ${message}`, ...extra });

  const ordered = requests
    .map((req, i) => ({ req, i }))
    .sort((a, b) => compareText(a.req.infrastructure, b.req.infrastructure) || compareText(a.req.array, b.req.array) || a.i - b.i);

  const states: RequestState[] = [];
  for (const { req } of ordered) {
    const prev = states[states.length - 1];
    if (prev !== undefined && prev.req.infrastructure === req.infrastructure && prev.req.array === req.array) {
      problem(req, 'invalid_request', 'the array is requested twice in one allocation; only the first request is used');
      continue;
    }
    states.push(validate(req, states.length, index, problem));
  }

  // Pass 1: kept bindings of every request, before anything new, so no request can take a server another one keeps.
  for (const st of states) keepBindings(st, index, claims, problem);

  // Pass 2: preferences of every request, before any ordinary pick, so an earlier array's fill cannot take a later array's preferred server.
  for (const st of states) {
    if (!st.canAllocate) continue;
    const arrayTypes = st.demands.map((d) => d.serverType);
    for (const ref of st.req.preferred ?? []) considerPreference(st, ref, arrayTypes, index, claims);
    for (const d of st.demands) for (const ref of d.preferred ?? []) considerPreference(st, ref, [d.serverType], index, claims);
  }

  // Pass 3: the rest, spread or in order. Cursors live for the whole call so every list is walked once.
  const cursors = new Map<string, Cursor>();
  const rackSkips = new Map<string, { value: number }>();
  const cursor = (key: string, list: readonly Server[]) => {
    let c = cursors.get(key);
    if (c === undefined) cursors.set(key, (c = new Cursor(list, claims)));
    return c;
  };
  for (const st of states) {
    if (!st.canAllocate) continue;
    for (const d of st.demands) {
      const type = d.serverType;
      const want = st.need.get(type) ?? 0;
      const picked = st.preferred.get(type)?.length ?? 0;
      if (want - picked <= 0) continue;
      const view = index.view(st.req.datacenter, type, st.tags);
      const extras = (index.heldUnbound.get(st.req.infrastructure) ?? []).filter(
        (s) => s.datacenter === st.req.datacenter && s.type === type && judge(st, s, [type], index, claims) === null,
      );
      const fills: Pick[] = [];
      st.filled.set(type, fills);
      const reason: AssignmentReason = st.spread ? 'spread' : 'order';
      const take = (s: Server) => {
        claim(claims, st, s, 'new');
        fills.push({ server: s, reason });
      };
      let got: number;
      if (st.spread) {
        const extrasByRack = new Map<string, Server[]>();
        for (const s of extras) {
          const list = extrasByRack.get(s.rack);
          if (list === undefined) extrasByRack.set(s.rack, [s]);
          else list.push(s);
        }
        const racks = mergeRacks(view.racks, [...extrasByRack.keys()]);
        const sourceFor = (rack: string) =>
          extrasByRack.size === 0
            ? new Merged([cursor(`rack\u0001${view.key}\u0001${rack}`, view.byRack.get(rack) ?? [])])
            : new Merged([cursor(`rack\u0001${view.key}\u0001${rack}`, view.byRack.get(rack) ?? []), new Cursor(extrasByRack.get(rack) ?? [], claims)]);
        let skip = rackSkips.get(view.key);
        if (skip === undefined) rackSkips.set(view.key, (skip = { value: 0 }));
        const input = {
          racks,
          hasRack: (rack: string) => view.byRack.has(rack) || extrasByRack.has(rack),
          sourceFor,
          usage: st.rackUsage,
          // Extras are this request's own; only the shared lists may be skipped for good.
          ...(extrasByRack.size === 0 ? { skip } : {}),
        };
        got = pickSpread(input, want - picked, take);
      } else {
        got = pickInOrder(new Merged([cursor(`flat\u0001${view.key}`, view.free), new Cursor(extras, claims)]), want - picked, take);
      }
      if (picked + got < want) {
        const kept = st.retained.filter((k) => k.server.type === type).length;
        const { breakdown, message } = explainShortage(index, {
          infrastructure: st.req.infrastructure,
          array: st.req.array,
          datacenter: st.req.datacenter,
          serverType: type,
          tags: st.tags,
          spread: st.spread,
          needed: want,
          kept,
          claimOf: (id) => {
            const c = claims.get(id);
            return c === undefined ? undefined : { holder: c.holder, self: c.request === st.ordinal, kind: c.kind };
          },
          eligible: (s) => judge(st, s, [type], index, claims) === null,
        });
        problem(st.req, 'insufficient_servers', message, {
          serverType: type,
          datacenter: st.req.datacenter,
          needed: want,
          missing: want - picked - got,
          breakdown,
        });
      }
    }
  }

  return { assignments: states.map(result), problems };
}

function validate(
  req: AllocationRequest,
  ordinal: number,
  index: ServerIndex,
  problem: (req: AllocationRequest, code: ProblemCode, message: string, extra?: Partial<AllocationProblem>) => void,
): RequestState {
  const canAllocate = index.datacenters.has(req.datacenter);
  if (!canAllocate) {
    const known = [...index.datacenters].sort(compareText);
    problem(req, 'unknown_datacenter', `datacenter ${req.datacenter} is not in the inventory (known: ${known.join(', ') || 'none'})`, {
      datacenter: req.datacenter,
    });
  }
  const demands: Demand[] = [];
  const seen = new Set<string>();
  for (const d of req.demands) {
    if (!Number.isInteger(d.count) || d.count < 0) {
      problem(req, 'invalid_request', `the count for ${d.serverType} must be a whole number of at least 0 (got ${d.count})`, { serverType: d.serverType });
    } else if (seen.has(d.serverType)) {
      problem(req, 'invalid_request', `server type ${d.serverType} is listed twice; only the first count is used`, { serverType: d.serverType });
    } else if (!index.serverTypes.has(d.serverType)) {
      const known = [...index.serverTypes].sort(compareText);
      problem(req, 'unknown_server_type', `server type ${d.serverType} is not in the inventory (known: ${known.join(', ') || 'none'})`, {
        serverType: d.serverType,
      });
    } else {
      demands.push(d);
    }
    seen.add(d.serverType);
  }
  if (req.spread !== undefined && req.spread !== 'rack' && req.spread !== 'none') {
    problem(req, 'invalid_request', `spread must be "rack" or "none" (got ${JSON.stringify(req.spread)}); no spread is applied`);
  }
  return {
    ordinal,
    req,
    tags: [...new Set(req.tags ?? [])],
    spread: req.spread === 'rack',
    demands,
    canAllocate,
    retained: [],
    removed: [],
    need: new Map(),
    preferred: new Map(),
    filled: new Map(),
    rackUsage: new Map(),
    skipped: [],
    seenPreferences: new Set(),
  };
}

function claim(claims: Map<number, Claim>, st: RequestState, s: Server, kind: ClaimKind): void {
  claims.set(s.id, { request: st.ordinal, holder: { infrastructure: st.req.infrastructure, array: st.req.array, inThisPlan: kind === 'new' }, kind });
}

function keepBindings(
  st: RequestState,
  index: ServerIndex,
  claims: Map<number, Claim>,
  problem: (req: AllocationRequest, code: ProblemCode, message: string, extra?: Partial<AllocationProblem>) => void,
): void {
  const { req } = st;
  const kept: KeptBinding[] = [];
  for (const [i, id] of bindingEntries(req.keep)) {
    const server = index.byId.get(id);
    const where = `instance ${i} keeps server ${id}`;
    if (!Number.isInteger(i) || i < 0) {
      problem(req, 'invalid_keep', `instance index ${i} is not a whole number of at least 0`);
    } else if (server === undefined) {
      problem(req, 'invalid_keep', `${where}, which is not in the inventory`);
    } else if (claims.has(id)) {
      const other = claims.get(id)!.holder;
      problem(req, 'invalid_keep', `${where}, which ${other.infrastructure}/${other.array ?? '?'} also keeps`);
    } else {
      const hold = index.holds.get(id);
      if (hold !== undefined && (hold.infrastructure !== req.infrastructure || (hold.array !== undefined && hold.array !== req.array))) {
        problem(req, 'invalid_keep', `${where}, which the inventory shows bound to ${hold.infrastructure}/${hold.array ?? '(reserved)'}`);
      } else {
        claim(claims, st, server, 'kept');
        kept.push({ index: i, server });
      }
    }
  }
  const keptIndexes = new Set(kept.map((k) => k.index));
  for (const i of req.remove ?? []) {
    if (!keptIndexes.has(i)) problem(req, 'invalid_request', `instance ${i} is targeted for removal but is not among the kept bindings`);
  }
  const counts = new Map(st.demands.map((d) => [d.serverType, d.count]));
  const { retained, removed } = planKeep(kept, counts, new Set(req.remove ?? []));
  st.retained = retained;
  st.removed = removed;
  for (const r of removed) claims.get(r.serverId)!.kind = 'released';
  for (const k of retained) st.rackUsage.set(k.server.rack, (st.rackUsage.get(k.server.rack) ?? 0) + 1);
  for (const d of st.demands) st.need.set(d.serverType, Math.max(0, d.count - retained.filter((k) => k.server.type === d.serverType).length));
}

/** Why `s` cannot go to this request for one of `wanted` types, or null when it can. */
function judge(st: RequestState, s: Server, wanted: readonly string[], index: ServerIndex, claims: ReadonlyMap<number, Claim>): SkipReason | null {
  const { req } = st;
  if (s.datacenter !== req.datacenter) return { kind: 'not_in_datacenter', datacenter: s.datacenter, wanted: req.datacenter };
  if (!wanted.includes(s.type)) return { kind: 'wrong_type', serverType: s.type, wanted };
  const lacks = missingTags(s, st.tags);
  if (lacks.length > 0) return { kind: 'missing_tags', missing: lacks };
  const c = claims.get(s.id);
  if (c !== undefined && c.request !== st.ordinal) return { kind: 'used_by', ...c.holder };
  const hold = index.holds.get(s.id);
  if (hold !== undefined && (hold.infrastructure !== req.infrastructure || hold.array !== undefined)) {
    return hold.array === undefined
      ? { kind: 'used_by', infrastructure: hold.infrastructure }
      : { kind: 'used_by', infrastructure: hold.infrastructure, array: hold.array };
  }
  if (s.status === 'quarantined') return { kind: 'quarantined' };
  // A server this infrastructure already holds without an instance (say, reserved by an earlier run) is its own to use.
  const usable = hold !== undefined ? s.status === 'available' || s.status === 'reserved' : s.status === 'available';
  return usable ? null : { kind: 'not_available', status: s.status };
}

function considerPreference(st: RequestState, ref: ServerRef, wanted: readonly string[], index: ServerIndex, claims: Map<number, Claim>): void {
  const where = { infrastructure: st.req.infrastructure, array: st.req.array };
  const server = index.resolve(ref);
  const skip = (reason: SkipReason): void => {
    st.skipped.push({
      preference: ref,
      ...(server !== undefined ? { serverId: server.id, serverName: server.name } : {}),
      reason,
      message: skipMessage(ref, server, reason, where),
    });
  };
  if (server === undefined) return skip({ kind: 'unknown' });
  if (st.seenPreferences.has(server.id)) return skip({ kind: 'duplicate' });
  st.seenPreferences.add(server.id);
  const own = claims.get(server.id);
  if (own !== undefined && own.request === st.ordinal) {
    // Already this array's: a kept server needs no word; one this change releases was not needed.
    if (own.kind === 'released') skip({ kind: 'not_needed', serverType: server.type });
    return;
  }
  const reason = judge(st, server, wanted, index, claims);
  if (reason !== null) return skip(reason);
  const picks = st.preferred.get(server.type) ?? [];
  if (picks.length >= (st.need.get(server.type) ?? 0)) return skip({ kind: 'not_needed', serverType: server.type });
  claim(claims, st, server, 'new');
  picks.push({ server, reason: 'preferred' });
  st.preferred.set(server.type, picks);
  st.rackUsage.set(server.rack, (st.rackUsage.get(server.rack) ?? 0) + 1);
}

/** Kept instances keep their indexes; new servers take the lowest free indexes, demand by demand, preferred first. */
function result(st: RequestState): ArrayAllocation {
  const instances: InstanceAssignment[] = st.retained.map((k) => assignment(k.index, k.server, 'kept'));
  const taken = new Set(st.retained.map((k) => k.index));
  let next = 0;
  for (const d of st.demands) {
    for (const p of [...(st.preferred.get(d.serverType) ?? []), ...(st.filled.get(d.serverType) ?? [])]) {
      while (taken.has(next)) next++;
      instances.push(assignment(next, p.server, p.reason));
      taken.add(next);
    }
  }
  instances.sort((a, b) => a.index - b.index);
  return {
    infrastructure: st.req.infrastructure,
    array: st.req.array,
    datacenter: st.req.datacenter,
    instances,
    removed: st.removed,
    skipped: st.skipped,
  };
}

function assignment(index: number, s: Server, reason: AssignmentReason): InstanceAssignment {
  return { index, serverId: s.id, serverName: s.name, serverType: s.type, rack: s.rack, reason };
}
