import type { Plan, PlanStep } from '../../compiler/plan/index.ts';
import { systemClock, type Clock } from '../clock/index.ts';
import type { ExecNode, ExecutionResult } from '../executor/index.ts';
import { journalObserver, JournalWriter, newRunId, runEndOf } from '../journal/index.ts';
import { removeAccessKey } from './access-key-files.ts';
import type { DeferredCommit, Infrastructure, InventoryStore, Server } from '../inventory/index.ts';
import { networkReleaseSteps, RESOLUTION_FORMAT_VERSION, runsDeprovisionHooks, type Resolution } from '../resolve/index.ts';
import { instanceKey, type ApplyContext } from './apply-context.ts';
import type { RunOptions } from './run-options.ts';
import { executeRun, runNetworkOf } from './execute-run.ts';
import { holdInfrastructures } from './infrastructure-busy.ts';
import { applyReleaseStarts, releaseCheckpoint, type ReleaseStart } from './release-checkpoint.ts';
import { resumableRun } from './resume.ts';
import { stepNodes } from './step-nodes.ts';
import { releasedServer, wayBackOf, type WayBack } from './way-back.ts';

/** `prevent_destroy = true`, no such infrastructure, or no way back to run: nothing was touched. */
export class DestroyRefusedError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'DestroyRefusedError';
  }
}

export interface DestroyOptions extends RunOptions {
  readonly infrastructure: string;
  /** The owning blueprint's plan: its way back (pre_destroy and deprovision hooks) and `prevent_destroy`. Required unless `skipHooks`. */
  readonly plan?: Plan;
  /** `--skip-hooks`: release every server without running a pre_destroy or deprovision hook. */
  readonly skipHooks?: boolean;
  /** `prevent_destroy` when known otherwise than from `plan` (default: the plan's). */
  readonly preventDestroy?: boolean;
}

export interface DestroyOutcome {
  readonly runId: string;
  /** The interrupted destroy this one resumed, if any. */
  readonly resumed?: string;
  readonly status: ExecutionResult['status'];
  readonly result: ExecutionResult;
  readonly released: readonly string[];
}

/** What destroying would release, for the confirmation: the record, and its servers. */
export async function destroyPreview(store: InventoryStore, name: string): Promise<{ infrastructure: Infrastructure; servers: Server[] }> {
  const inv = await store.read();
  const infrastructure = inv.infrastructures.find((i) => i.name === name);
  if (infrastructure === undefined) {
    const known = inv.infrastructures.map((i) => i.name);
    throw new DestroyRefusedError(`no infrastructure named ${name} is deployed`, known.length ? `deployed: ${known.join(', ')}` : 'nothing is deployed in this inventory');
  }
  const ids = new Set(infrastructure.instances.map((i) => i.server_id).filter((id): id is number => id !== null));
  return { infrastructure, servers: inv.servers.filter((s) => ids.has(s.id)) };
}

/** The hooks a destroy runs, for the confirmation: pre_destroy hooks, and the deprovision hooks of arrays with instances that came up. */
export function destroyHooks(plan: Plan | undefined, record: Infrastructure): { readonly preDestroy: string[]; readonly deprovision: string[] } {
  const hooks = plan?.infrastructures[record.name]?.hooks ?? [];
  const arrays = new Set(record.instances.filter((i) => i.server_id !== null && runsDeprovisionHooks(i.status)).map((i) => i.array));
  return {
    preDestroy: hooks.filter((h) => h.phase === 'pre_destroy').map((h) => h.id),
    deprovision: hooks.filter((h) => h.phase === 'deprovision' && arrays.has(h.id.slice(record.name.length + 1).split('/')[0]!)).map((h) => h.id),
  };
}

/** A plan with no way back of its own: every instance gets a bare release (an owner blueprint that cannot be compiled, with `--skip-hooks`). */
function barePlan(record: Infrastructure): Plan {
  return {
    format_version: '1',
    blueprint: { path: record.blueprint.path, sha256: record.blueprint.hash, files: [] },
    params: {},
    secrets: {},
    infrastructures: {},
    outputs: {},
    steps: [],
    destroy: { steps: [] },
  };
}

/**
 * The destroy DAG for what the inventory holds: pre_destroy hooks, then per
 * deployed instance its deprovision hooks (for one that came up) and its
 * release, then the VLANs and subnets once every release is done.
 */
function destroySteps(plan: Plan, inventory: Awaited<ReturnType<InventoryStore['read']>>, record: Infrastructure, skipHooks: boolean): WayBack {
  const name = record.name;
  const own = plan.destroy.steps.filter((s) => s.infrastructure === name && s.target === undefined);
  const pre = skipHooks ? [] : own.filter((s) => s.phase === 'pre_destroy');
  const deployed = record.instances.filter((i) => i.server_id !== null);
  const back = wayBackOf(plan, inventory, name, deployed);
  const hooksOf = new Map(deployed.map((i) => [instanceKey(name, i.array, i.index), !skipHooks && runsDeprovisionHooks(i.status)]));
  const perInstance = back.steps.filter((s) => s.kind === 'mbp.instance.release' || hooksOf.get(instanceKey(name, s.target!.array, s.target!.index)) === true);
  const releases = perInstance.filter((s) => s.kind === 'mbp.instance.release').map((s) => s.id);
  const after = releases.length > 0 ? releases : pre.map((s) => s.id);
  const planned = own.filter((s) => s.phase === 'deprovision');
  const networks =
    planned.length > 0
      ? planned
      : networkReleaseSteps(
          name,
          record.networks.filter((n) => n.vlan !== null).map((n) => n.name),
          record.subnets.map((s) => s.name),
          [],
        );
  const steps: PlanStep[] = [...pre, ...perInstance, ...networks.map((s) => ({ ...s, needs: [...after] }))];
  return { steps, instances: back.instances, infrastructures: [name] };
}

/** A resolution of nothing: a destroy deploys no instance. */
function noResolution(owner: string, serial: number): Resolution {
  return {
    format_version: RESOLUTION_FORMAT_VERSION,
    owner,
    options: { allow_replace: false, targets: [] },
    inventory: { serial, objects: [] },
    infrastructures: {},
    orphans: [],
    summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 },
  };
}

/**
 * `mbp destroy INFRA`, the plan's way back: pre_destroy hooks, then per
 * deployed instance its deprovision hooks and its release (power off, ports
 * shut, disks wiped; the server `releasing` when its release starts, then
 * `cleaning → available`), then its VLANs and subnets, freed by removing the
 * record. Journaled; a failed or interrupted destroy leaves the record
 * (status `destroying`) with the instances not yet released (`deprovisioning`
 * once their way back started), so running it again finishes it, resuming
 * a killed or interrupted run without redoing its finished steps.
 */
export async function destroyInfrastructure(options: DestroyOptions): Promise<DestroyOutcome> {
  const clock = options.clock ?? systemClock;
  const name = options.infrastructure;
  if (options.preventDestroy ?? options.plan?.infrastructures[name]?.prevent_destroy ?? false) {
    throw new DestroyRefusedError(
      `infrastructure ${name} has prevent_destroy = true`,
      `set prevent_destroy = false in its blueprint and apply it, then run mbp destroy ${name} again`,
    );
  }
  const skipHooks = options.skipHooks === true;
  if (options.plan === undefined && !skipHooks) {
    throw new DestroyRefusedError(`destroying ${name} needs its blueprint, to run its pre_destroy and deprovision hooks`, `pass --skip-hooks to release every server without running them`);
  }
  const { infrastructure, servers } = await destroyPreview(options.store, name);
  const inventory = await options.store.read();
  const plan = options.plan ?? barePlan(infrastructure);
  const wayBack = destroySteps(plan, inventory, infrastructure, skipHooks);
  const serverOf = new Map([...wayBack.instances].map(([key, i]) => [key, i.server]));

  const runId = newRunId(new Date(clock.now()));
  options.onStart?.(runId);
  const command = options.command ?? ['mbp', 'destroy', name];
  const isDestroyOf = (h: { command: readonly string[] }): boolean => h.command.includes('destroy') && h.command.includes(name);
  const previous = resumableRun(options.journalDir, isDestroyOf, wayBack.steps.map((s) => s.id), (key) => serverOf.get(key)?.name);
  // The serial each transaction leaves, for the journal's commit records (no read of the whole inventory back).
  let serial = NaN;
  const onSerial = (s: number): void => {
    serial = s;
  };
  // First, before any journal exists (a refused destroy leaves no run behind): the infrastructure is this
  // run's alone (infrastructure-busy.ts) and is recorded `destroying`.
  await options.store.transaction((draft) => {
    holdInfrastructures(draft, runId, new Date(clock.now()).toISOString(), [{ infrastructure: name, servers: [] }]);
    const rec = draft.infrastructures.find((i) => i.name === name);
    if (rec) rec.status = 'destroying';
  }, { command: 'mbp destroy', onSerial });
  const journal = await JournalWriter.create(
    options.journalDir,
    { runId, ...(previous ? { resumes: previous.id } : {}), command, blueprint: { path: infrastructure.blueprint.path, sha256: infrastructure.blueprint.hash } },
    { ...(options.fsync ? { fsync: options.fsync } : {}), clock },
  );
  const commit = (action: string, detail: string): void => {
    journal.commit(action, serial, clock.now(), detail);
    options.onCommit?.(action, serial, detail);
  };
  commit('destroying', `${servers.length} server(s) to release`);

  const observers = [journalObserver(journal), ...(options.observers ?? [])];
  const ctx: ApplyContext = {
    plan,
    resolution: noResolution(infrastructure.blueprint.path, inventory.serial),
    runId,
    store: options.store,
    hardware: options.hardware,
    clock,
    instances: new Map(),
    onCommit: (action, serial, detail) => {
      journal.commit(action, serial, clock.now(), detail);
      options.onCommit?.(action, serial, detail);
    },
  };
  const { network, close } = runNetworkOf(options, clock);
  const releases = releaseCheckpoint(ctx, `destroy ${name} (run ${runId})`);
  let result: ExecutionResult;
  // Release starts no checkpoint committed yet go in with the last commit (docs/runtime.md, "Releases").
  let started: ReleaseStart[] = [];
  try {
    const built = await stepNodes({
      runtime: options.hardware.stepRuntime,
      observers,
      wayBack,
      estimates: { speed: options.speed ?? 1, journalDir: options.journalDir },
      network,
      ...(options.secrets ? { secrets: options.secrets } : {}),
      ...(previous ? { resumed: previous.state.done } : {}),
    })([], ctx);
    const nodes = built.map((n) => markReleasing(n, serverOf, releases, clock));
    result = await executeRun(nodes, options, { clock, observers, previous });
  } finally {
    started = await releases.close();
    await close();
  }

  const released: string[] = [];
  // Instances whose way back began (a step ran), by key: looked up per instance, not scanned.
  const begun = new Set([...result.nodes.values()].filter((n) => n.outcome !== 'not-started' && n.outcome !== 'skipped').map((n) => /^(.*\[\d+\])\//.exec(n.id)?.[1]));
  let marked = false;
  await options.store.transaction((draft) => {
    const at = new Date(clock.now()).toISOString();
    draft.reservations = draft.reservations.filter((r) => r.run_id !== runId);
    const rec = draft.infrastructures.find((i) => i.name === name);
    if (rec === undefined) return;
    const serverAt = new Map(draft.servers.map((s, k) => [s.id, k]));
    marked = applyReleaseStarts(draft, started, `destroy ${name} (run ${runId})`, serverAt);
    const gone = new Set<(typeof rec.instances)[number]>();
    for (const inst of rec.instances) {
      const key = instanceKey(name, inst.array, inst.index);
      const server = serverOf.get(key);
      const ok = server === undefined || result.nodes.get(`${key}/release`)?.outcome === 'succeeded';
      if (!ok) {
        if (begun.has(key)) inst.status = 'deprovisioning';
        continue;
      }
      if (server !== undefined) {
        const idx = serverAt.get(server.id)!;
        const s = releasedServer(draft.servers[idx]!, `released by destroy ${name}`, at);
        draft.servers[idx] = s;
        released.push(s.name);
      }
      gone.add(inst);
    }
    rec.instances = rec.instances.filter((i) => !gone.has(i));
    if (result.status === 'succeeded') draft.infrastructures = draft.infrastructures.filter((i) => i.name !== name);
  }, { command: 'mbp destroy', onSerial });
  if (marked) commit('release', `${started.length} server(s) releasing, with the last commit`);
  commit('destroy', result.status === 'succeeded' ? `${name} removed` : `${name} partly released`);
  // Nothing it installed is left to log in to; a failed destroy keeps the key for the servers still bound.
  if (result.status === 'succeeded') removeAccessKey(options.journalDir, name);
  await journal.end(runEndOf(result, clock.now()));
  await journal.close();
  return { runId, ...(previous ? { resumed: previous.id } : {}), status: result.status, result, released };
}

/**
 * A release marks its server `releasing` as it starts (until then, a failed
 * hook leaves the server as it was): recorded for the next checkpoint, not
 * waited for. The `destroying` record holds the server meanwhile, and the
 * journal's `step-start` of the release is the durable record.
 */
function markReleasing(node: ExecNode, serverOf: ReadonlyMap<string, Server>, releases: DeferredCommit<ReleaseStart>, clock: Clock): ExecNode {
  const key = /^(.*\[\d+\])\/release$/.exec(node.id)?.[1];
  const server = key === undefined ? undefined : serverOf.get(key);
  if (server === undefined) return node;
  const run = node.run;
  return {
    ...node,
    run: (c) => {
      releases.record({ serverId: server.id, at: new Date(clock.now()).toISOString() });
      return run(c);
    },
  };
}
