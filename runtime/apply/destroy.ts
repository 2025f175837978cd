import { systemClock, type Clock } from '../clock/index.ts';
import { execute, type ExecNode, type ExecObserver, type ExecutionResult } from '../executor/index.ts';
import { journalObserver, JournalWriter, newRunId, runEndOf, type FsyncMode } from '../journal/index.ts';
import { transition, type Infrastructure, type InventoryStore, type Server } from '../inventory/index.ts';
import type { Hardware } from './hardware.ts';
import { cleanServer } from './release.ts';

/** `prevent_destroy = true`, or no such infrastructure: nothing was touched. */
export class DestroyRefusedError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'DestroyRefusedError';
  }
}

export interface DestroyOptions {
  readonly infrastructure: string;
  readonly store: InventoryStore;
  readonly hardware: Hardware;
  readonly journalDir: string;
  /** From the owning blueprint's plan when it can be compiled; the inventory does not record it. */
  readonly preventDestroy?: boolean;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly fsync?: FsyncMode;
  readonly observers?: readonly ExecObserver[];
  readonly command?: readonly string[];
  readonly onCommit?: (action: string, serial: number, detail?: string) => void;
}

export interface DestroyOutcome {
  readonly runId: string;
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

/**
 * `mbp destroy INFRA`: every instance's server cleaned (ports shut, disks
 * wiped, power off) and released (releasing → cleaning → available), then
 * its subnets, VLANs and addresses freed by removing the record. Journaled;
 * a failed or interrupted destroy leaves the record (status `destroying`)
 * with the instances not yet released, so running it again finishes it.
 */
export async function destroyInfrastructure(options: DestroyOptions): Promise<DestroyOutcome> {
  const clock = options.clock ?? systemClock;
  const name = options.infrastructure;
  if (options.preventDestroy === true) {
    throw new DestroyRefusedError(
      `infrastructure ${name} has prevent_destroy = true`,
      `set prevent_destroy = false in its blueprint and apply it, then run mbp destroy ${name} again`,
    );
  }
  const { infrastructure, servers } = await destroyPreview(options.store, name);
  const runId = newRunId(new Date(clock.now()));
  const journal = await JournalWriter.create(
    options.journalDir,
    { runId, command: options.command ?? ['mbp', 'destroy', name], blueprint: { path: infrastructure.blueprint.path, sha256: infrastructure.blueprint.hash } },
    { ...(options.fsync ? { fsync: options.fsync } : {}), clock },
  );
  const commit = async (action: string, detail: string): Promise<void> => {
    const serial = (await options.store.read()).serial;
    journal.commit(action, serial, clock.now(), detail);
    options.onCommit?.(action, serial, detail);
  };
  await options.store.transaction((draft) => {
    const at = new Date(clock.now()).toISOString();
    const rec = draft.infrastructures.find((i) => i.name === name);
    if (rec) rec.status = 'destroying';
    for (const [idx, s] of draft.servers.entries()) {
      if (servers.some((x) => x.id === s.id) && s.status !== 'releasing') draft.servers[idx] = transition(s, 'releasing', `destroy ${name} (run ${runId})`, { at });
    }
  }, { command: 'mbp destroy' });
  await commit('release', `${servers.length} server(s) releasing`);

  const byServer = new Map(servers.map((s) => [s.id, s]));
  const nodes: ExecNode[] = [];
  for (const inst of infrastructure.instances) {
    const server = inst.server_id === null ? undefined : byServer.get(inst.server_id);
    const key = `${name}/${inst.array}[${inst.index}]`;
    if (server === undefined) continue;
    nodes.push({
      id: `${key}/release`,
      idempotent: true,
      resources: [`bmc:${server.name}`],
      retry: { attempts: 3, backoffMs: 200 },
      run: async (ctx) => {
        await cleanServer(options.hardware, server, ctx);
        return { server: server.name };
      },
    });
  }
  const releaseIds = nodes.map((n) => n.id);
  nodes.push({ id: `${name}/release_vlans`, needs: releaseIds, idempotent: true, run: async () => ({ vlans: infrastructure.networks.map((n) => n.vlan) }) });
  nodes.push({ id: `${name}/release_subnets`, needs: releaseIds, idempotent: true, run: async () => ({ subnets: infrastructure.subnets.map((s) => s.cidr) }) });

  const result = await execute(nodes, {
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
    observers: [journalObserver(journal), ...(options.observers ?? [])],
  });

  const released: string[] = [];
  await options.store.transaction((draft) => {
    const at = new Date(clock.now()).toISOString();
    const rec = draft.infrastructures.find((i) => i.name === name);
    if (rec === undefined) return;
    for (const inst of [...rec.instances]) {
      const server = inst.server_id === null ? undefined : byServer.get(inst.server_id);
      const ok = server === undefined || result.nodes.get(`${name}/${inst.array}[${inst.index}]/release`)?.outcome === 'succeeded';
      if (!ok || server === undefined) {
        if (ok) rec.instances = rec.instances.filter((i) => i !== inst);
        continue;
      }
      const idx = draft.servers.findIndex((s) => s.id === server.id);
      let s = draft.servers[idx]!;
      if (s.status === 'releasing') s = transition(s, 'cleaning', 'unbound; ports shut, disks wiped', { at });
      if (s.status === 'cleaning') s = { ...transition(s, 'available', `released by destroy ${name}`, { at }), ssh_host_key: null };
      draft.servers[idx] = s;
      released.push(s.name);
      rec.instances = rec.instances.filter((i) => i !== inst);
    }
    if (result.status === 'succeeded') draft.infrastructures = draft.infrastructures.filter((i) => i.name !== name);
  }, { command: 'mbp destroy' });
  await commit('destroy', result.status === 'succeeded' ? `${name} removed` : `${name} partly released`);
  await journal.end(runEndOf(result, clock.now()));
  await journal.close();
  return { runId, status: result.status, result, released };
}
