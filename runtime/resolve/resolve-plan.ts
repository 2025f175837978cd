import type { Plan } from '../../compiler/plan/index.ts';
import {
  allocateServers,
  applyDeployOptions,
  buildServerIndex,
  DeployOptionsError,
  existingBindings,
  parseDeployOptions,
  type AllocationRequest,
  type ArrayAllocation,
  type DeployOptions,
} from '../allocation/index.ts';
import { closestName } from '../../compiler/diagnostics/index.ts';
import type { Inventory } from '../inventory/index.ts';
import { compareText } from './compare.ts';
import { resolveInfrastructure } from './infrastructure.ts';
import { DatacenterIpam } from './networks.ts';
import { ReadSet } from './reads.ts';
import { arrayKey, parseTargets } from './targets.ts';
import {
  RESOLUTION_FORMAT_VERSION,
  type ChangeAction,
  type ChangeSummary,
  type InfrastructureResolution,
  type ResolveOptions,
  type ResolveProblem,
  type ResolveResult,
  type ResolvedOptions,
} from './types.ts';

const didYouMean = (name: string, known: Iterable<string>): string => {
  const close = closestName(name, known);
  return close !== undefined ? ` (did you mean ${close}?)` : '';
};

/**
 * Resolves a compiled plan against an inventory snapshot without changing
 * it: ownership, servers per array (and why), VLANs, subnets, addresses,
 * port states, the steps each instance runs, and how each item changes
 * against what is deployed (docs/plan-resolution.md). Pure and
 * deterministic: the same plan, inventory and options give the same
 * resolution, whatever order the inventory lists its servers in.
 *
 * Nothing throws on bad input: every problem is collected (an error stops
 * `mbp plan`; what could be resolved is still shown).
 */
export function resolvePlan(plan: Plan, inventory: Inventory, options: ResolveOptions = {}): ResolveResult {
  const problems: ResolveProblem[] = [];
  const reads = new ReadSet(inventory);
  const owner = options.owner ?? plan.blueprint.path;
  const declared = Object.keys(plan.infrastructures).sort(compareText);

  let names = declared;
  if (options.infrastructure !== undefined) {
    if (!declared.includes(options.infrastructure)) {
      problems.push({
        code: 'unknown_infrastructure',
        severity: 'error',
        message: `--infrastructure ${options.infrastructure}: the blueprint declares no such infrastructure${didYouMean(options.infrastructure, declared)} (it declares ${declared.join(', ') || 'none'})`,
      });
    }
    names = declared.filter((n) => n === options.infrastructure);
  }

  const resolvable: string[] = [];
  for (const name of names) {
    const infra = plan.infrastructures[name]!;
    const deployed = inventory.infrastructures.find((i) => i.name === name);
    reads.infrastructure(name);
    reads.datacenter(infra.datacenter);
    if (deployed !== undefined && deployed.blueprint.path !== owner) {
      problems.push({
        code: 'ownership',
        severity: 'error',
        infrastructure: name,
        message: `infrastructure ${name} is owned by blueprint ${deployed.blueprint.path}, not ${owner}`,
        hint: `each infrastructure is owned by one blueprint: rename the infrastructure in ${owner}, or change it from ${deployed.blueprint.path}`,
      });
      continue;
    }
    if (!inventory.datacenters.some((d) => d.name === infra.datacenter)) {
      const known = inventory.datacenters.map((d) => d.name);
      problems.push({
        code: 'unknown_datacenter',
        severity: 'error',
        infrastructure: name,
        message: `${name}: datacenter ${infra.datacenter} is not in the inventory${didYouMean(infra.datacenter, known)} (known: ${known.sort(compareText).join(', ') || 'none'})`,
      });
      continue;
    }
    if (deployed !== undefined && deployed.datacenter !== infra.datacenter) {
      problems.push({
        code: 'datacenter_changed',
        severity: 'error',
        infrastructure: name,
        message: `${name}: the blueprint moves it from ${deployed.datacenter} to ${infra.datacenter}, and an infrastructure cannot change datacenter`,
        hint: `run mbp destroy ${name} first, or give the infrastructure in ${infra.datacenter} another name`,
      });
      continue;
    }
    if (deployed?.status === 'destroying') {
      // Its pre_destroy hooks ran, and a destroy killed mid-release leaves wiped servers still recorded as its
      // instances: only finishing the destroy reaches a known state (docs/runtime.md, "A destroy left unfinished").
      const bound = deployed.instances.filter((i) => i.server_id !== null).length;
      const others = declared.length > 1 ? '; --infrastructure NAME plans one of the others' : '';
      // A destroy still holding its reservation is running, or was killed and not reconciled yet (`mbp apply` reconciles before it plans; `mbp plan` writes nothing).
      const holder = inventory.reservations.find((r) => r.infrastructure === name);
      problems.push({
        code: 'destroy_unfinished',
        severity: 'error',
        infrastructure: name,
        message: `${name}: its last destroy did not finish (${bound} server(s) still bound), so it cannot be planned${holder === undefined ? '' : `; run ${holder.run_id} (pid ${holder.pid} on ${holder.host}, since ${holder.created_at}) still holds it`}`,
        hint:
          holder === undefined
            ? `run mbp destroy ${name} to finish it, then apply to create it again${others}`
            : `if that destroy is still running, wait for it to end; if it was killed, run mbp destroy ${name} to finish it (on another host that is gone: mbp inventory unlock ${holder.run_id} --force first); then apply to create it again${others}`,
      });
      continue;
    }
    // A run holding it (running, or killed and not reconciled yet: `mbp plan` writes nothing): Terraform refuses a plan
    // while the state is locked; this one goes on, saying that it shows a moving target and that apply must wait.
    const holder = inventory.reservations.find((r) => r.infrastructure === name);
    if (holder !== undefined) {
      problems.push({
        code: 'run_in_progress',
        severity: 'warning',
        infrastructure: name,
        message: `${name}: run ${holder.run_id} (pid ${holder.pid} on ${holder.host}, since ${holder.created_at}) holds it; if that run is still going, this plan shows it part-way, and mbp apply is refused until the run ends`,
        hint: `plan again once it has ended (mbp runs show ${holder.run_id}); if it was written on a host that is gone, mbp inventory unlock ${holder.run_id} --force drops it`,
      });
    }
    resolvable.push(name);
  }

  let deployOptions: DeployOptions | undefined;
  const given = options.deployOptions;
  if (given !== undefined) {
    if (plan.infrastructures[given.infrastructure] === undefined) {
      problems.push({ code: 'deploy_options', severity: 'error', message: `--deploy-options ${given.source}: the blueprint declares no infrastructure ${given.infrastructure}${didYouMean(given.infrastructure, declared)}` });
    } else if (!names.includes(given.infrastructure)) {
      problems.push({ code: 'deploy_options', severity: 'error', message: `--deploy-options ${given.source} are for ${given.infrastructure}, but only ${options.infrastructure} is planned` });
    } else if (resolvable.includes(given.infrastructure)) {
      try {
        deployOptions = parseDeployOptions(given.json, Object.keys(plan.infrastructures[given.infrastructure]!.arrays), inventory, given.source);
      } catch (error) {
        if (!(error instanceof DeployOptionsError)) throw error;
        problems.push({ code: 'deploy_options', severity: 'error', infrastructure: given.infrastructure, message: error.message.slice(0, error.message.lastIndexOf('\n')), hint: error.hint });
      }
    }
  }

  const targetResult = parseTargets(options.targets ?? [], resolvable, plan, inventory);
  problems.push(...targetResult.problems);
  const replaceResult = parseTargets(options.replace ?? [], resolvable, plan, inventory, '--replace');
  problems.push(...replaceResult.problems);

  let requests: AllocationRequest[] = [];
  for (const name of resolvable) {
    const infra = plan.infrastructures[name]!;
    for (const [arrayName, array] of Object.entries(infra.arrays)) {
      const remove = targetResult.targets.get(arrayKey(name, arrayName));
      requests.push({
        infrastructure: name,
        array: arrayName,
        datacenter: infra.datacenter,
        demands: array.demands.map((d) => ({ serverType: d.server_type, count: d.count })),
        tags: array.tags,
        spread: array.spread,
        preferred: array.preferred,
        keep: existingBindings(inventory, name, arrayName),
        ...(remove !== undefined ? { remove: [...remove].sort((a, b) => a - b) } : {}),
      });
    }
  }
  if (deployOptions !== undefined && given !== undefined) requests = applyDeployOptions(requests, deployOptions, given.infrastructure);

  const index = buildServerIndex(inventory);
  const allocated = allocateServers(inventory, requests, { index });
  for (const p of allocated.problems) {
    problems.push({
      code: p.code,
      severity: p.code === 'invalid_keep' ? 'warning' : 'error',
      infrastructure: p.infrastructure,
      array: p.array,
      message: p.message,
      ...(p.serverType !== undefined ? { serverType: p.serverType } : {}),
    });
  }
  const requestMap = new Map(requests.map((r) => [arrayKey(r.infrastructure, r.array), r]));
  const allocations = new Map<string, ArrayAllocation>(allocated.assignments.map((a) => [arrayKey(a.infrastructure, a.array), a]));

  // One address space per datacenter, shared by every infrastructure of the plan in it; pinned VLANs kept out of allocation.
  const ipams = new Map<string, DatacenterIpam>();
  for (const name of resolvable) {
    const infra = plan.infrastructures[name]!;
    if (ipams.has(infra.datacenter)) continue;
    const pinned = resolvable
      .map((n) => plan.infrastructures[n]!)
      .filter((i) => i.datacenter === infra.datacenter && !i.empty)
      .flatMap((i) => Object.values(i.networks).flatMap((n) => (n.vlan !== undefined ? [n.vlan] : [])));
    ipams.set(infra.datacenter, new DatacenterIpam(inventory, inventory.datacenters.find((d) => d.name === infra.datacenter)!, pinned));
  }

  const infrastructures: Record<string, InfrastructureResolution> = {};
  for (const name of resolvable) {
    const infra = plan.infrastructures[name]!;
    infrastructures[name] = resolveInfrastructure(name, infra, inventory.infrastructures.find((i) => i.name === name), {
      steps: plan.steps,
      destroySteps: plan.destroy.steps,
      inventory,
      servers: index.byId,
      requests: requestMap,
      allocations,
      ipam: ipams.get(infra.datacenter)!,
      allowReplace: options.allowReplace === true,
      reinstall: replaceResult.targets,
      reads,
      problems,
    });
  }

  const orphans =
    options.infrastructure !== undefined
      ? []
      : inventory.infrastructures
          .filter((i) => i.blueprint.path === owner && plan.infrastructures[i.name] === undefined)
          .map((i) => i.name)
          .sort(compareText);

  const resolvedOptions: ResolvedOptions = {
    allow_replace: options.allowReplace === true,
    targets: [...(options.targets ?? [])],
    ...(options.replace !== undefined && options.replace.length > 0 ? { replace: [...options.replace] } : {}),
    ...(options.infrastructure !== undefined ? { infrastructure: options.infrastructure } : {}),
    ...(given !== undefined ? { deploy_options: { infrastructure: given.infrastructure, source: given.source } } : {}),
  };
  return {
    resolution: {
      format_version: RESOLUTION_FORMAT_VERSION,
      owner,
      options: resolvedOptions,
      inventory: reads.result(),
      infrastructures,
      orphans,
      summary: summarize(infrastructures),
    },
    problems,
  };
}

/**
 * Counts over networks, subnets, instance arrays and instances; an
 * infrastructure whose only change is that its last run did not finish
 * cleanly counts as one update (its own steps run again), so it is never
 * "No changes".
 */
export function summarize(infrastructures: Readonly<Record<string, InfrastructureResolution>>): ChangeSummary {
  const counts: Record<ChangeAction, number> = { create: 0, update: 0, replace: 0, delete: 0, 'no-op': 0 };
  for (const infra of Object.values(infrastructures)) {
    const items: { readonly action: ChangeAction }[] = [...infra.networks, ...infra.subnets];
    for (const array of Object.values(infra.arrays)) items.push(array, ...array.instances);
    for (const item of items) counts[item.action]++;
    if (infra.previous_status !== undefined && items.every((i) => i.action === 'no-op')) counts.update++;
  }
  return { create: counts.create, update: counts.update, replace: counts.replace, delete: counts.delete, unchanged: counts['no-op'] };
}

/** Whether applying the resolution would change anything. */
export function hasChanges(summary: ChangeSummary): boolean {
  return summary.create + summary.update + summary.replace + summary.delete > 0;
}
