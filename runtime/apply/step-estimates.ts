import fs from 'node:fs';
import path from 'node:path';
import type { Plan, PlanStep } from '../../compiler/plan/index.ts';
import { DEFAULT_DURATIONS, type DurationName } from '../drivers/index.ts';
import type { ExecNode } from '../executor/index.ts';
import { isRunId, JOURNAL_EXTENSION, readJournalFile, runsDirectory } from '../journal/index.ts';

/**
 * How long one attempt of each step is expected to take, for the executor's
 * critical-path-first queue (docs/runtime.md, "Step estimates"). Estimates
 * only order the queue: a wrong one costs makespan, never correctness.
 */

/** A kind neither the simulated table nor an earlier run knows (a hook, an SSH or HTTP call): real time, not scaled. */
export const DEFAULT_STEP_ESTIMATE_MS = 1_000;

/** How many of the blueprint's latest runs the measured medians come from. */
export const ESTIMATE_HISTORY_RUNS = 5;

/**
 * The simulated datacenter's waits each built-in kind goes through on a
 * local install (docs/simulated-datacenter.md, "Provisioning against it").
 * The inventory kinds are local commits: 0.
 */
export const SIMULATED_STEP_DURATIONS: Readonly<Record<string, readonly DurationName[]>> = Object.freeze({
  'std.provision.configure_ports': ['switch_call', 'switch_call'],
  'std.provision.assign_ips': [],
  'std.provision.power_off': ['bmc_call', 'bmc_call', 'power_off'],
  'std.provision.prepare_boot': ['boot_config', 'bmc_call', 'bmc_call'],
  'std.provision.power_on': ['bmc_call', 'bmc_call', 'power_on'],
  // The installer power_on started: POST, the netboot, the install.
  'std.provision.install_os': ['post', 'pxe_load', 'pxe_install'],
  'std.provision.finalize': ['bmc_call', 'bmc_call', 'boot_config', 'bmc_call', 'bmc_call', 'power_cycle'],
  // The OS booting after finalize's power cycle.
  'std.provision.wait_ready': ['post', 'os_boot'],
  'mbp.instance.release': ['boot_config', 'bmc_call', 'power_on', 'post', 'pxe_load', 'disk_wipe', 'bmc_call', 'power_off', 'boot_config'],
  'mbp.instance.bind': [],
  'mbp.ipam.allocate_subnets': [],
  'mbp.ipam.release_subnets': [],
  'mbp.network.allocate_vlans': [],
  'mbp.network.release_vlans': [],
  'std.ipam.reserve_vip': [],
});

/** A step kind's estimate in ms. */
export type StepEstimator = (kind: string) => number;

/**
 * Measured medians first (`measured`, by kind), then the simulated table
 * scaled by `speed`, then the flat default.
 */
export function stepEstimator(speed: number, measured: ReadonlyMap<string, number> = new Map()): StepEstimator {
  return (kind) => {
    const median = measured.get(kind);
    if (median !== undefined) return median;
    const waits = SIMULATED_STEP_DURATIONS[kind];
    if (waits === undefined) return DEFAULT_STEP_ESTIMATE_MS;
    return Math.round(waits.reduce((sum, name) => sum + DEFAULT_DURATIONS[name], 0) * speed);
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The median duration of the succeeded attempts of each step kind in the
 * latest `ESTIMATE_HISTORY_RUNS` runs of `plan`'s blueprint in `journalDir`
 * (`except`: the run being built). A step's kind is the one `plan` gives its
 * id, so steps the plan no longer has are left out. Runs are taken newest
 * first by id (ids start with the start time) and read one by one, only
 * until enough are found.
 */
export function measuredMedians(journalDir: string, plan: Plan, except?: string): Map<string, number> {
  let names: string[];
  try {
    names = fs.readdirSync(runsDirectory(journalDir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw e;
  }
  const ids = names
    .filter((n) => n.endsWith(JOURNAL_EXTENSION))
    .map((n) => n.slice(0, -JOURNAL_EXTENSION.length))
    .filter((id) => isRunId(id) && id !== except)
    .sort()
    .reverse();
  const kindOf = new Map<string, string>([...plan.steps, ...plan.destroy.steps].map((s) => [s.id, s.kind]));
  const samples = new Map<string, number[]>();
  let used = 0;
  for (const id of ids) {
    if (used >= ESTIMATE_HISTORY_RUNS) break;
    const { records } = readJournalFile(path.join(runsDirectory(journalDir), `${id}${JOURNAL_EXTENSION}`));
    const header = records[0]?.type === 'header' ? records[0] : undefined;
    if (header?.blueprint?.path !== plan.blueprint.path) continue;
    used++;
    for (const r of records) {
      if (r.type !== 'step-end' || r.outcome !== 'succeeded') continue;
      const kind = kindOf.get(r.id) ?? kindOf.get(r.id.replace(/\[[^\]]*\]$/, ''));
      if (kind === undefined) continue;
      const list = samples.get(kind) ?? [];
      list.push(r.ms);
      samples.set(kind, list);
    }
  }
  return new Map([...samples].map(([kind, ms]) => [kind, median(ms)]));
}

/**
 * `nodes` with `estimateMs` from their plan step's kind. The join node of a
 * `for_each` expanded before the run (it needs its elements and holds
 * nothing) gets 0: its elements carry the estimate.
 */
export function withEstimates(nodes: readonly ExecNode[], steps: readonly PlanStep[], estimate: StepEstimator): ExecNode[] {
  const kindOf = new Map(steps.map((s) => [s.id, s.kind]));
  return nodes.map((n) => {
    const kind = kindOf.get(n.id) ?? kindOf.get(n.id.replace(/\[[^\]]*\]$/, ''));
    if (kind === undefined) return n;
    const join = kindOf.has(n.id) && (n.needs ?? []).some((need) => need.startsWith(`${n.id}[`));
    return { ...n, estimateMs: join ? 0 : estimate(kind) };
  });
}
