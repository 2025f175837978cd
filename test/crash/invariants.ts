import type { HardwareState } from '../../runtime/drivers/index.ts';
import type { Inventory } from '../../runtime/inventory/index.ts';
import type { JournalRecord } from '../../runtime/journal/index.ts';

/**
 * What must hold once a crashed `mbp apply` has been resumed to the end,
 * checked on the inventory, the simulated hardware-state file and every run
 * journal of the world. Written independently of the resume code (no
 * `analyzeJournal` here): a check that reused it would agree with its bugs.
 */

export interface WorldSnapshot {
  readonly inventory: Inventory;
  readonly hardware: HardwareState;
  /** Every journal of the world, one record list per run file. */
  readonly journals: readonly (readonly JournalRecord[])[];
  /** Whether a process id is still running (reservations of live runs are legitimate). */
  readonly alive: (pid: number) => boolean;
}

const instanceOf = (stepId: string): string | undefined => /^(.*\[\d+\])\//.exec(stepId)?.[1];

interface Binding {
  readonly server: string;
  readonly instanceId: string;
}

/** The servers each journal's succeeded bind steps bound, by instance key (`crash/web[0]`). */
function bindingsOf(records: readonly JournalRecord[]): Map<string, Binding> {
  const out = new Map<string, Binding>();
  for (const r of records) {
    if ((r.type !== 'step-end' || r.outcome !== 'succeeded') && r.type !== 'step-resumed') continue;
    if (!r.id.endsWith('/bind')) continue;
    const server = r.outputs?.['server'];
    const instanceId = r.outputs?.['instance_id'];
    const key = instanceOf(r.id);
    if (typeof server === 'string' && typeof instanceId === 'string' && key !== undefined) out.set(key, { server, instanceId });
  }
  return out;
}

/** The last step record of every step id, in journal order: a person's `mbp runs resolve` (appended after the run-end) included. */
function lastStepRecords(records: readonly JournalRecord[]): Map<string, JournalRecord> {
  const last = new Map<string, JournalRecord>();
  for (const r of records) {
    if (r.type === 'step-start' || r.type === 'step-end' || r.type === 'step-resumed' || r.type === 'step-skip' || r.type === 'step-resolved') last.set(r.id, r);
  }
  return last;
}

function inventoryViolations(inv: Inventory, alive: (pid: number) => boolean): string[] {
  const out: string[] = [];
  const owner = new Map<number, string>();
  const ips = new Map<string, string>();
  for (const infra of inv.infrastructures) {
    for (const i of infra.instances) {
      const who = `${infra.name}/${i.array}[${i.index}] (${i.id})`;
      if (i.server_id !== null) {
        const other = owner.get(i.server_id);
        if (other !== undefined) out.push(`server ${i.server_id} is in two instances: ${other} and ${who}`);
        owner.set(i.server_id, who);
      }
      for (const ip of i.ips) {
        const other = ips.get(ip.address);
        if (other !== undefined) out.push(`IP ${ip.address} is given twice: ${other} and ${who}`);
        ips.set(ip.address, who);
      }
      if (i.status !== 'active') out.push(`instance ${who} is ${i.status}, not active`);
    }
  }
  const liveRuns = new Set(inv.reservations.filter((r) => alive(r.pid)).map((r) => r.run_id));
  for (const r of inv.reservations) if (!liveRuns.has(r.run_id)) out.push(`reservation of run ${r.run_id} outlived its process ${r.pid}`);
  for (const s of inv.servers) {
    if (s.status !== 'reserved' && s.status !== 'provisioning' && s.status !== 'active') continue;
    if (owner.has(s.id)) continue;
    if (s.allocation !== null && liveRuns.has(s.allocation.run_id)) continue;
    out.push(`server ${s.name} is ${s.status} but owned by neither a live run nor an instance`);
  }
  for (const [id, who] of owner) {
    const s = inv.servers.find((x) => x.id === id);
    if (s?.status !== 'active') out.push(`server ${s?.name ?? id} of ${who} is ${s?.status ?? 'missing'}, not active`);
  }
  return out;
}

/** Every active instance's server is up on the image its install reported, and a reboot would not reinstall it. */
function hardwareViolations(snapshot: WorldSnapshot): string[] {
  const out: string[] = [];
  const { inventory: inv, hardware: hw } = snapshot;
  const images = new Map<string, string>();
  for (const records of snapshot.journals) {
    for (const r of records) {
      if (((r.type === 'step-end' && r.outcome === 'succeeded') || r.type === 'step-resumed') && r.id.endsWith('/install_os')) {
        const image = r.outputs?.['image'];
        const key = instanceOf(r.id);
        if (typeof image === 'string' && key !== undefined) images.set(key, image);
      }
    }
  }
  for (const infra of inv.infrastructures) {
    for (const i of infra.instances) {
      const key = `${infra.name}/${i.array}[${i.index}]`;
      const server = inv.servers.find((s) => s.id === i.server_id);
      if (server === undefined) continue;
      const state = hw.servers[server.name];
      if (state === undefined) {
        out.push(`${key}: server ${server.name} is not in the hardware state`);
        continue;
      }
      const wanted = images.get(key);
      if (state.power !== 'on' || state.phase !== 'ready') out.push(`${key}: server ${server.name} is ${state.power}/${state.phase}, not on and ready`);
      if (state.installed_image === null || state.installed_image !== wanted) out.push(`${key}: server ${server.name} has ${state.installed_image ?? 'no image'} installed, its install reported ${wanted ?? 'nothing'}`);
      if (state.running_image !== state.installed_image) out.push(`${key}: server ${server.name} runs ${state.running_image ?? 'nothing'}, not its installed ${state.installed_image ?? 'image'}`);
      if (state.boot_device !== 'disk' || !state.boot_persistent) out.push(`${key}: server ${server.name} would boot from ${state.boot_device} (persistent ${state.boot_persistent}): a reboot may reinstall it`);
      for (const mac of state.macs) if (hw.boot_configs[mac] !== undefined) out.push(`${key}: server ${server.name} still has a ${hw.boot_configs[mac]!.action} boot config on ${mac}`);
    }
  }
  return out;
}

/**
 * Installs per server against the journals: a server is installed once per
 * instance bound to it. The instance's server keeps that count exactly (a
 * resumed run that re-ran a finished install shows as one more); a server
 * set aside after a crash may have been installed or not, never more.
 */
function installViolations(snapshot: WorldSnapshot): string[] {
  const out: string[] = [];
  const bound = new Map<string, Set<string>>();
  for (const records of snapshot.journals) {
    for (const b of bindingsOf(records).values()) bound.set(b.server, (bound.get(b.server) ?? new Set()).add(b.instanceId));
  }
  const inUse = new Set(snapshot.inventory.infrastructures.flatMap((i) => i.instances.map((x) => x.server_id)));
  for (const s of snapshot.inventory.servers) {
    const installs = snapshot.hardware.servers[s.name]?.counters.installs ?? 0;
    const provisionings = bound.get(s.name)?.size ?? 0;
    if (inUse.has(s.id) ? installs !== provisionings : installs > provisionings) {
      out.push(`server ${s.name} was installed ${installs} time(s) for ${provisionings} provisioning(s) in the journals${inUse.has(s.id) ? '' : ' (set aside)'}: a finished install was run again`);
    }
  }
  return out;
}

/** A step's last record across a chain of journals, with the server its instance had in that journal. */
interface Folded {
  readonly record: JournalRecord;
  readonly run: string;
  readonly server: string | undefined;
}

/** How a journal names the run before it: `resumes` (it continues it), or `doubtsFrom` (it carries only that failed run's doubts over). */
function linkOf(records: readonly JournalRecord[]): { readonly run: string; readonly carried: boolean } | undefined {
  const h = records[0];
  if (h?.type !== 'header') return undefined;
  if (h.resumes !== undefined) return { run: h.resumes, carried: false };
  return h.doubtsFrom === undefined ? undefined : { run: h.doubtsFrom, carried: true };
}

/** A non-idempotent step nobody saw end, or one a run skipped as such. */
const inDoubt = (r: JournalRecord): boolean => (r.type === 'step-start' && !r.idempotent) || (r.type === 'step-skip' && r.kind === 'uncertain');

/**
 * The resume rules, each journal against the whole chain before it (its
 * `resumes` or `doubtsFrom` link, and that one's, …): a step finished in
 * the chain is not started again unless its instance moved to another
 * server since, and a non-idempotent step left in doubt is reported, never
 * re-run. A `doubtsFrom` link passes on only the doubts: the run behind it
 * had ended failed, and the carrying run rightly provisions its instances
 * again, so what it finished is not held against the runs after. A step a
 * person resolved (`step-resolved`) is settled by their word: `done`, it
 * happened once and counts as finished; `not-done`, it never happened, so
 * running it again is neither a re-run nor a doubt left unreported. The
 * whole chain, because a finished step stays finished even when the journal
 * in between was cut short before it copied its records.
 */
function resumeViolations(journals: readonly (readonly JournalRecord[])[]): string[] {
  const out: string[] = [];
  const byRun = new Map<string, readonly JournalRecord[]>();
  for (const records of journals) {
    const h = records[0];
    if (h?.type === 'header') byRun.set(h.run, records);
  }
  /** Oldest first; `carried`: the journal after this one links to it by `doubtsFrom`. */
  const chainOf = (first: { readonly run: string; readonly carried: boolean }): { records: readonly JournalRecord[]; carried: boolean }[] => {
    const chain: { records: readonly JournalRecord[]; carried: boolean }[] = [];
    const seen = new Set<string>();
    for (let at: { readonly run: string; readonly carried: boolean } | undefined = first; at !== undefined && !seen.has(at.run); ) {
      seen.add(at.run);
      const records = byRun.get(at.run);
      if (records === undefined) break;
      chain.unshift({ records, carried: at.carried });
      at = linkOf(records);
    }
    return chain;
  };
  for (const records of byRun.values()) {
    const h = records[0];
    const link = linkOf(records);
    if (h?.type !== 'header' || link === undefined) continue;
    let folded = new Map<string, Folded>();
    const servers = new Map<string, string>();
    for (const { records: previous, carried } of chainOf(link)) {
      const ph = previous[0];
      const run = ph?.type === 'header' ? ph.run : '?';
      for (const [key, b] of bindingsOf(previous)) servers.set(key, b.server);
      for (const [id, record] of lastStepRecords(previous)) {
        const key = instanceOf(id);
        folded.set(id, { record, run, server: key === undefined ? undefined : servers.get(key) });
      }
      if (carried) folded = new Map([...folded].filter(([, f]) => inDoubt(f.record)));
    }
    // A run killed in its turn may not have got as far as reporting.
    const ended = records.some((r) => r.type === 'run-end');
    const started = new Set(records.filter((r) => r.type === 'step-start').map((r) => (r as { id: string }).id));
    const skippedInDoubt = new Set(records.filter((r) => r.type === 'step-skip' && r.kind === 'uncertain').map((r) => (r as { id: string }).id));
    const now = bindingsOf(records);
    for (const [id, { record: r, run, server }] of folded) {
      const key = instanceOf(id);
      const moved = key !== undefined && server !== now.get(key)?.server;
      const resolvedDone = r.type === 'step-resolved' && r.resolution === 'done';
      const finished = (r.type === 'step-end' && r.outcome === 'succeeded') || r.type === 'step-resumed' || resolvedDone;
      if (finished && started.has(id) && !moved) out.push(`run ${h.run} started ${id} again, which run ${run} had finished${resolvedDone ? ` (marked done by ${r.who})` : ''}`);
      if (inDoubt(r) && started.has(id)) out.push(`run ${h.run} re-ran the non-idempotent ${id}, in doubt after run ${run}`);
      if (inDoubt(r) && ended && !skippedInDoubt.has(id)) out.push(`run ${h.run} did not report ${id}, in doubt after run ${run}`);
    }
  }
  return out;
}

/** Every violated invariant, one line each; empty when the world is consistent. */
export function crashInvariantViolations(snapshot: WorldSnapshot): string[] {
  return [
    ...inventoryViolations(snapshot.inventory, snapshot.alive),
    ...hardwareViolations(snapshot),
    ...installViolations(snapshot),
    ...resumeViolations(snapshot.journals),
  ];
}
