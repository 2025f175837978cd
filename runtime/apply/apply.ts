import type { Plan, PlanStep } from '../../compiler/plan/index.ts';
import { systemClock, type Clock } from '../clock/index.ts';
import { evaluate } from '../eval/index.ts';
import type { ExecNode, ExecObserver, ExecutionResult, Outputs } from '../executor/index.ts';
import { journalObserver, JournalWriter, newRunId, runEndOf } from '../journal/index.ts';
import { transition, type Infrastructure, type Inventory, type JsonValue, type Server } from '../inventory/index.ts';
import { deployedInfrastructure, type Resolution } from '../resolve/index.ts';
import type { Value } from '../../stdlib/index.ts';
import { stepNodes } from './step-nodes.ts';
import type { RunOptions } from './run-options.ts';
import { executeRun, runNetworkOf } from './execute-run.ts';
import { journalLinkOf, outcomeLinkOf, resumableRun, type ResumableRun } from './resume.ts';
import { infrastructureStatusAfter, isApplyOf, unresolvedDoubts, withoutCreated } from './unfinished-apply.ts';
import { applyBindings, bindCheckpoint } from './bind-checkpoint.ts';
import { assertInfrastructuresFree, holdInfrastructures, InfrastructureBusyError } from './infrastructure-busy.ts';
import { deployAfterWayBack, keepUnboundMove, keepUnfinishedRemovals, releasedServer, wayBackOfResolution, type WayBack } from './way-back.ts';
import { instanceKey, stepInstanceKey, type ApplyContext, type RunInstance } from './apply-context.ts';

/** A server failing this many times in a row is quarantined: only an operator returns it. */
export const QUARANTINE_AFTER_FAILURES = 3;

/** The plan→nodes adapter: `observers` and `resumed` are the run's (for nodes that report children of their own). */
export type NodesBuilder = (
  steps: readonly PlanStep[],
  ctx: ApplyContext,
  run: { readonly observers: readonly ExecObserver[]; readonly resumed?: ReadonlyMap<string, Outputs>; readonly wayBack?: WayBack },
) => ExecNode[] | Promise<ExecNode[]>;

export interface ApplyOptions extends RunOptions {
  readonly plan: Plan;
  readonly resolution: Resolution;
  /** The plan→nodes adapter (default: runtime/steps' handlers on `hardware.stepRuntime`, with the inventory kinds of `step-nodes.ts`). */
  readonly nodes?: NodesBuilder;
}

export interface ApplyOutcome {
  readonly runId: string;
  /** The interrupted (or killed) run this one resumed, if any. */
  readonly resumed?: string;
  /** The failed run whose unresolved steps in doubt this one carried over, skipped (not a resume: it had ended). */
  readonly doubtsFrom?: string;
  readonly status: ExecutionResult['status'];
  readonly result: ExecutionResult;
  /** Instances whose steps did not all succeed, `INFRA/ARRAY[INDEX]`. */
  readonly failedInstances: readonly string[];
  /** Non-idempotent steps of the run resumed or carried over that may or may not have happened. */
  readonly inDoubt: readonly string[];
  readonly quarantined: readonly string[];
}

const iso = (clock: Clock): string => new Date(clock.now()).toISOString();

const pad = (n: number): string => `i-${String(n).padStart(6, '0')}`;

/**
 * The seed's order, whatever the DAG the compiler drew: no server is bound
 * before every pre_deploy step of its infrastructure has succeeded.
 */
function withSeedOrder(nodes: readonly ExecNode[], steps: readonly PlanStep[]): ExecNode[] {
  const pre = new Map<string, string[]>();
  for (const s of steps) if (s.phase === 'pre_deploy') pre.set(s.infrastructure, [...(pre.get(s.infrastructure) ?? []), s.id]);
  const binds = new Map(steps.filter((s) => s.kind === 'mbp.instance.bind').map((s) => [s.id, s.infrastructure]));
  return nodes.map((n) => {
    const infra = binds.get(n.id);
    if (infra === undefined) return n;
    const needs = [...new Set([...(n.needs ?? []), ...(pre.get(infra) ?? [])])];
    return { ...n, needs };
  });
}

/**
 * Carries a resolved plan out (DESIGN.md section 5): reserve (commit) →
 * pre_deploy → bind (journaled; checkpointed into the inventory, docs/runtime.md "Binds") → provision → post_deploy →
 * activate (commit), with the journal in `journalDir`. Whatever the outcome the
 * last commit records what is deployed: failed instances as `failed` (their
 * servers kept for a retry, or released with `on_failure = "release"`),
 * interrupted ones as `provisioning`, for the next apply to resume.
 */
export async function applyResolution(options: ApplyOptions): Promise<ApplyOutcome> {
  const { plan, resolution, store, hardware } = options;
  const clock = options.clock ?? systemClock;
  const runId = newRunId(new Date(clock.now()));
  options.onStart?.(runId);
  const onCommit = options.onCommit ?? (() => undefined);

  // Which plan steps run: those the resolution lists, plus a release for every server given back.
  const wanted = new Set<string>();
  for (const infra of Object.values(resolution.infrastructures)) {
    for (const id of infra.steps) wanted.add(id);
    for (const a of Object.values(infra.arrays)) for (const i of a.instances) if (i.action !== 'delete') for (const id of i.steps) wanted.add(id);
  }
  const steps = plan.steps.filter((s) => wanted.has(s.id));

  // Reserve: servers for new and re-provisioned instances, persistent ids for new ones.
  // Refused before anything is written while another live run changes one of its infrastructures (infrastructure-busy.ts);
  // the reserve transaction checks again, and decides.
  const touched = Object.keys(resolution.infrastructures);
  const { instances, releases, newIds, nextId, wayBack } = runInstancesOf(plan, resolution, assertInfrastructuresFree(await store.read(), touched, runId));
  const toReserve = [...instances.values()].filter((i) => wanted.has(`${instanceKey(i.infrastructure, i.array, i.index)}/bind`) || i.resolution.action !== 'no-op');
  // An unfinished run is resumed; else doubts a failed one left stay skipped until a person resolves them.
  // Neither reaches an infrastructure this run creates: it was destroyed since (docs/runtime.md, "Intent").
  const nodeIds = [...steps, ...wayBack.steps].map((s) => s.id);
  const created = new Set(Object.entries(resolution.infrastructures).filter(([, i]) => i.action === 'create').map(([name]) => name));
  const previous = withoutCreated(resumableRun(options.journalDir, isApplyOf(plan.blueprint.path), nodeIds, (key) => instances.get(key)?.server.name) ?? unresolvedDoubts(options.journalDir, plan.blueprint.path, nodeIds), created);
  const journal = await JournalWriter.create(
    options.journalDir,
    {
      runId,
      ...journalLinkOf(previous),
      command: options.command ?? ['mbp', 'apply'],
      blueprint: { path: plan.blueprint.path, sha256: plan.blueprint.sha256 },
      params: Object.fromEntries(Object.entries(plan.params).map(([k, p]) => [k, p.value])),
      secretParams: Object.entries(plan.params).filter(([, p]) => p.sensitive).map(([k]) => k),
    },
    { ...(options.fsync ? { fsync: options.fsync } : {}), clock },
  );
  const commit = (action: string, serial: number, detail?: string): void => {
    journal.commit(action, serial, clock.now(), detail);
    onCommit(action, serial, detail);
  };

  const records: RunRecords = { plan, resolution, runId, clock, instances, releases, newIds, steps, previous };
  let reserved = NaN;
  await store.transaction((draft) => {
    const at = iso(clock);
    // One reservation per infrastructure: each says who holds which servers, as `mbp inventory show` lists them.
    holdInfrastructures(draft, runId, at, touched.map((infrastructure) => ({ infrastructure, servers: toReserve.filter((i) => i.infrastructure === infrastructure).map((i) => i.server.id) })));
    const serverAt = indexById(draft.servers);
    for (const i of toReserve) {
      const idx = serverAt.get(i.server.id) ?? -1;
      const s = draft.servers[idx];
      if (s === undefined) throw new Error(`server ${i.server.name} disappeared from the inventory: plan again`);
      if (s.status === 'available') {
        draft.servers[idx] = transition(s, 'reserved', `reserved for ${i.id} by run ${runId}`, { at, allocation: { run_id: runId, infrastructure: i.infrastructure, instance_id: i.id } });
      } else if (s.allocation?.infrastructure !== i.infrastructure) {
        throw new Error(`server ${s.name} is ${s.status} (held by ${s.allocation?.infrastructure ?? 'nobody'}) since the plan was made: plan again`);
      }
    }
    draft.next_instance_id = nextId;
    // The intent: the records as if the run stopped now, so that a killed run's servers are held by a record and resumed on (docs/runtime.md, "Intent").
    recordRun(draft, serverAt, stoppedBeforeAnyStep(nodeIds), records, 'intent');
  }, { command: 'mbp apply', onSerial: (s) => (reserved = s) }).catch(async (error: unknown) => {
    // Another run took the infrastructure since the check above: this run ends having done nothing, not left to resume.
    if (error instanceof InfrastructureBusyError) {
      await journal.end({ status: 'failed', counts: { succeeded: 0, failed: 0, skipped: 0, interrupted: 0, 'not-started': 0 }, at: clock.now() });
      await journal.close();
    }
    throw error;
  });
  commit('reserve', reserved, `${toReserve.length} server(s)`);

  const ctx: ApplyContext = { plan, resolution, runId, store, hardware, clock, instances, onCommit: commit };
  // Binds the resumed run journaled on the servers this run keeps: its bind steps are not run again, so
  // their servers reach `provisioning` through this run's checkpoints (when the run was killed and not
  // reconciled, the inventory may still say `reserved`).
  for (const [key, i] of instances) {
    if (previous?.state.done.get(`${key}/bind`)?.['server'] === i.server.name) bindCheckpoint(ctx).record({ instance: i, at: iso(clock) });
  }
  const observers = [journalObserver(journal), ...(options.observers ?? [])];
  const { network, close } = runNetworkOf(options, clock);
  const build: NodesBuilder = options.nodes ?? ((st, c, run) => stepNodes({ runtime: hardware.stepRuntime, ...run, ...(options.secrets ? { secrets: options.secrets } : {}), network, estimates: { speed: options.speed ?? 1, journalDir: options.journalDir } })(st, c));
  let result: ExecutionResult;
  try {
    const nodes = deployAfterWayBack(withSeedOrder(await build(steps, ctx, { observers, wayBack, ...(previous ? { resumed: previous.state.done } : {}) }), steps), wayBack.steps);
    result = await executeRun(nodes, options, { clock, observers, previous });
  } finally {
    await close();
  }

  // Activate: what is deployed now, whatever happened.
  // Binds no checkpoint committed yet go in with the activation (one write instead of two).
  const bindings = await bindCheckpoint(ctx).close();
  let serial = NaN;
  let recorded: RecordedRun = { failedInstances: [], quarantined: [] };
  const activated = await store.transaction((draft) => {
    const serverAt = indexById(draft.servers);
    const bound = applyBindings(draft, bindings, runId, serverAt);
    recorded = recordRun(draft, serverAt, result, records, 'activation');
    draft.reservations = draft.reservations.filter((r) => r.run_id !== runId);
    return bound;
  }, { command: 'mbp apply', onSerial: (s) => (serial = s) });
  if (activated) commit('bind', serial, `${bindings.length} binding(s), with the activation`);
  commit('activate', serial, result.status);
  await journal.end(runEndOf(result, clock.now()));
  await journal.close();
  return {
    runId,
    ...outcomeLinkOf(previous),
    status: result.status,
    result,
    failedInstances: recorded.failedInstances,
    inDoubt: previous?.inDoubt ?? [],
    quarantined: recorded.quarantined,
  };
}

/** What the records of a run's infrastructures are written from: the run, and how far it got. */
interface RunRecords {
  readonly plan: Plan;
  readonly resolution: Resolution;
  readonly runId: string;
  readonly clock: Clock;
  readonly instances: ReadonlyMap<string, RunInstance>;
  readonly releases: readonly { readonly key: string; readonly server: Server; readonly infrastructure: string }[];
  readonly newIds: ReadonlyMap<string, string>;
  readonly steps: readonly PlanStep[];
  readonly previous: ResumableRun | undefined;
}

interface RecordedRun {
  readonly failedInstances: string[];
  readonly quarantined: string[];
}

/** How far a run got: what the records need of its execution result. */
type RunSoFar = Pick<ExecutionResult, 'status' | 'nodes'>;

/** A run stopped before any of its steps ran: what the reserve commit records as its intent. */
function stoppedBeforeAnyStep(nodeIds: readonly string[]): RunSoFar {
  return { status: 'interrupted', nodes: new Map(nodeIds.map((id) => [id, { id, outcome: 'not-started' as const, attempts: 0 }])) };
}

/**
 * Writes into `draft` the record of each infrastructure of the run as `run`
 * leaves it: finished instances `active`, stopped ones `provisioning`,
 * failed ones `failed` (released with `on_failure = "release"`), removals
 * not finished kept `deprovisioning`. The one builder of both commits that
 * write records (docs/runtime.md, "Intent"): the `activation` also moves the
 * servers (active, failed, quarantined, released); the reserve's `intent`
 * (the run as if stopped before its first step) writes the records only,
 * keeping the networks and subnets the run deletes, which instances it has
 * not removed yet still use, so that a killed run leaves what a stopped one
 * does: every server it holds held by a record.
 */
function recordRun(draft: Inventory, serverAt: ReadonlyMap<number, number>, run: RunSoFar, r: RunRecords, commit: 'intent' | 'activation'): RecordedRun {
  const { plan, resolution, runId, clock, instances, previous } = r;
  const at = iso(clock);
  const failedInstances: string[] = [];
  const quarantined: string[] = [];
  // Every prefix up to a "/" of a node that did not succeed: an instance is done when its key is not one (one pass, not one per instance).
  const unfinished = new Set<string>();
  for (const n of run.nodes.values()) {
    if (n.outcome === 'succeeded') continue;
    for (let i = n.id.indexOf('/'); i >= 0; i = n.id.indexOf('/', i + 1)) unfinished.add(n.id.slice(0, i));
  }
  const done = (key: string): boolean => !unfinished.has(key);
  // Each instance's release node (the first whose id starts with `KEY/release`): one pass over the nodes, not one per release.
  const releaseOutcome = new Map<string, string>();
  for (const n of run.nodes.values()) {
    for (let i = n.id.indexOf('/release'); i >= 0; i = n.id.indexOf('/release', i + 1)) {
      const key = n.id.slice(0, i);
      if (!releaseOutcome.has(key)) releaseOutcome.set(key, n.outcome);
    }
  }
  const setServer = (id: number, f: (s: Server) => Server): void => {
    if (commit === 'intent') return;
    const idx = serverAt.get(id) ?? -1;
    const s = draft.servers[idx];
    if (s !== undefined) draft.servers[idx] = f(s);
  };
  for (const [name, infra] of Object.entries(resolution.infrastructures)) {
    const failedBefore = failedInstances.length;
    const onFailure = plan.infrastructures[name]?.on_failure ?? 'keep';
    const prev = draft.infrastructures.find((x) => x.name === name);
    const record: Infrastructure = deployedInfrastructure(plan, resolution, name, {
      now: at,
      newInstanceId: (array, index) => r.newIds.get(instanceKey(name, array, index)) ?? pad(0),
      ...(prev ? { previous: prev } : {}),
    });
    for (const inst of record.instances) {
      const key = instanceKey(name, inst.array, inst.index);
      const ran = instances.get(key);
      if (ran === undefined || inst.server_id === null) continue;
      const sid = inst.server_id;
      if (keepUnboundMove(record, prev, inst, ran.resolution, run.nodes.get(`${key}/bind`)?.outcome)) {
        setServer(sid, (s) => (s.status === 'reserved' ? transition(s, 'available', `not bound by run ${runId}: the way back of ${key} did not finish`, { at }) : s));
        if (run.status !== 'interrupted') failedInstances.push(key);
        continue;
      }
      if (done(key)) {
        // A (re)install generated a new host key: pin it (DESIGN.md section 5, host keys).
        const pinned = hostKeyOf(run, key);
        setServer(sid, (s) => {
          const next = s.status === 'active' ? s : transition(s, 'active', `instance ${inst.id} ready`, { at });
          return pinned === undefined ? next : { ...next, ssh_host_key: pinned };
        });
        continue;
      }
      // Stopped part-way: everything stays as it is (reserved or bound) for the next apply to resume.
      if (run.status === 'interrupted') {
        inst.status = 'provisioning';
        continue;
      }
      failedInstances.push(key);
      inst.status = 'failed';
      let gone = false;
      setServer(sid, (s) => {
        const bound = s.status === 'provisioning' || s.status === 'active';
        let next = bound ? transition(s, 'failed', `instance ${inst.id} failed in run ${runId}`, { at }) : s;
        if (next.status === 'failed' && next.failure_count >= QUARANTINE_AFTER_FAILURES) {
          quarantined.push(next.name);
          gone = true;
          return transition(next, 'quarantined', `${next.failure_count} failed provisionings in a row`, { at });
        }
        if (onFailure === 'release') {
          gone = true;
          // Never bound: nothing was done to it. Bound: it goes back without a wipe, which the reason says.
          if (next.status === 'reserved') return transition(next, 'available', `run ${runId} failed before binding it (on_failure = "release")`, { at });
          if (next.status === 'failed') {
            next = transition(next, 'releasing', 'on_failure = "release"', { at });
            next = transition(next, 'cleaning', 'released after a failure', { at });
            return { ...transition(next, 'available', `released after a failed provisioning in run ${runId} (disks not wiped)`, { at }), ssh_host_key: null };
          }
        }
        return next;
      });
      // Without its server the instance gives up its addresses and ports too: the next apply allocates afresh.
      if (gone) {
        inst.server_id = null;
        inst.ips = [];
        inst.ports = [];
      }
    }
    for (const rel of r.releases) {
      if (rel.infrastructure !== name) continue;
      if (releaseOutcome.get(rel.key) !== 'succeeded') continue;
      setServer(rel.server.id, (s) => releasedServer(s, `released by run ${runId}`, at));
    }
    keepUnfinishedRemovals(record, prev, infra, done);
    if (commit === 'intent') keepDeletedNetworks(record, prev);
    record.status = infrastructureStatusAfter({ name, failedInstances: failedInstances.length - failedBefore, result: run, steps: r.steps, ...(previous?.state.uncertain ? { uncertain: previous.state.uncertain } : {}) });
    record.outputs = outputsOf(plan, name, record, draft.servers, prev?.outputs ?? {});
    const idx = draft.infrastructures.findIndex((x) => x.name === name);
    if (idx >= 0) draft.infrastructures[idx] = record;
    else draft.infrastructures.push(record);
  }
  return { failedInstances, quarantined };
}

/** The networks and subnets of `previous` that `record` drops, kept: the run has not removed their instances yet. */
function keepDeletedNetworks(record: Infrastructure, previous: Infrastructure | undefined): void {
  for (const n of previous?.networks ?? []) if (!record.networks.some((x) => x.name === n.name)) record.networks.push(n);
  for (const s of previous?.subnets ?? []) if (!record.subnets.some((x) => x.name === s.name && x.family === s.family)) record.subnets.push(s);
}

/**
 * The instances a run deals with, on their servers (and the servers it gives
 * back), with ids for new ones and the way back of deleted and replaced
 * ones (their deprovision hooks, then release, on the instance as
 * deployed). A function of its own so that `inventory` is dropped when it
 * returns: only the servers the run deals with stay for the rest of the run
 * (the whole copy is ~40 MB at 20,000 servers).
 */
function runInstancesOf(plan: Plan, resolution: Resolution, inventory: Inventory) {
  const byId = new Map(inventory.servers.map((s) => [s.id, s]));
  const newIds = new Map<string, string>();
  const instances = new Map<string, RunInstance>();
  const releases: { key: string; server: Server; infrastructure: string }[] = [];
  let nextId = inventory.next_instance_id;
  for (const [infraName, infra] of Object.entries(resolution.infrastructures)) {
    for (const [arrayName, a] of Object.entries(infra.arrays)) {
      for (const i of a.instances) {
        const key = instanceKey(infraName, arrayName, i.index);
        if (i.action === 'delete' || (i.action === 'replace' && i.previous_server && i.previous_server.id !== i.server?.id)) {
          const prev = i.previous_server === undefined ? undefined : byId.get(i.previous_server.id);
          if (prev !== undefined) releases.push({ key, server: prev, infrastructure: infraName });
        }
        if (i.action === 'delete' || i.server === null) continue;
        const server = byId.get(i.server.id);
        if (server === undefined) throw new Error(`server ${i.server.name} is no longer in the inventory: plan again`);
        const id = i.instance_id ?? pad(nextId++);
        if (i.instance_id === undefined) newIds.set(key, id);
        instances.set(key, { infrastructure: infraName, array: arrayName, index: i.index, id, resolution: i, server });
      }
    }
  }
  return { instances, releases, newIds, nextId, wayBack: wayBackOfResolution(plan, inventory, resolution) };
}

/** Index in `servers` by server id: the reserve and activate transactions look up one server per instance. */
function indexById(servers: readonly Server[]): Map<number, number> {
  return new Map(servers.map((s, i) => [s.id, i]));
}

/** The host key an instance's install generated in this run, if it ran. */
function hostKeyOf(result: RunSoFar, key: string): string | undefined {
  for (const id of [`${key}/install_os`, `${key}/prepare_boot`]) {
    const n = result.nodes.get(id);
    const v = n?.outputs?.['host_key_public'];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** The infrastructure's outputs, evaluated against what is deployed; one that cannot be evaluated keeps its previous value. */
function outputsOf(plan: Plan, name: string, record: Infrastructure, servers: readonly Server[], previous: Readonly<Record<string, JsonValue>>): { [key: string]: JsonValue } {
  const infra = plan.infrastructures[name];
  if (infra === undefined) return { ...previous };
  const arrays: Record<string, Value> = {};
  const serverAt = indexById(servers);
  for (const a of record.arrays) {
    const insts = record.instances
      .filter((i) => i.array === a.name)
      .sort((x, y) => x.index - y.index)
      .map((i) => ({
        id: i.id,
        index: i.index,
        hostname: i.hostname,
        server: (i.server_id === null ? undefined : servers[serverAt.get(i.server_id) ?? -1])?.name ?? null,
        ipv4: i.ips.find((ip) => ip.family === 'ipv4')?.address ?? null,
        ipv6: i.ips.find((ip) => ip.family === 'ipv6')?.address ?? null,
        ips: i.ips.map((ip) => ip.address),
        status: i.status,
      }));
    arrays[a.name] = { name: a.name, count: a.count, instances: insts };
  }
  const params: Record<string, Value> = Object.fromEntries(Object.entries(plan.params).map(([k, p]) => [k, p.value]));
  const out: { [key: string]: JsonValue } = {};
  for (const [k, ir] of Object.entries(infra.outputs)) {
    try {
      const v = evaluate(ir, { roots: { array: arrays, param: params } });
      out[k] = v.secret ? '(sensitive)' : (v.value as JsonValue);
    } catch {
      if (previous[k] !== undefined) out[k] = previous[k];
    }
  }
  return out;
}
