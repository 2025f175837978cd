import { allocateServers, existingBindings, type AllocationRequest } from '../../runtime/allocation/index.ts';
import type { Inventory } from '../../runtime/inventory/index.ts';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/index.ts';
import type { InfrastructureModel } from './model.ts';

/** A shortage as allocation reports it (`AllocationProblem`, or a resolution problem that passed one on). */
export interface ShortageProblem {
  readonly code: string;
  readonly infrastructure?: string;
  readonly array?: string;
  readonly serverType?: string;
  readonly message: string;
}

/**
 * MBP4007 for each `insufficient_servers` problem, at the count of the
 * server type that is short (its entry in a split, else `count`), with
 * allocation's own sentence. Problems that name no array of the models
 * are returned unplaced.
 */
export function placeShortages(
  models: readonly InfrastructureModel[],
  problems: readonly ShortageProblem[],
): { readonly diagnostics: Diagnostic[]; readonly unplaced: ShortageProblem[] } {
  const diagnostics: Diagnostic[] = [];
  const unplaced: ShortageProblem[] = [];
  for (const p of problems) {
    if (p.code !== 'insufficient_servers') continue;
    const infra = models.find((m) => m.name === p.infrastructure);
    const array = infra?.arrays.find((a) => a.name === p.array);
    if (infra === undefined || array === undefined) {
      unplaced.push(p);
      continue;
    }
    const demand = array.demands.find((d) => d.serverType.value === p.serverType) ?? array.demands[0];
    const span = demand?.count.span ?? array.block.labels[0]?.span ?? array.block.name.span;
    diagnostics.push(makeDiagnostic('MBP4007', infra.file, span, { shortage: p.message }));
  }
  return { diagnostics, unplaced };
}

/**
 * Whether the datacenters hold enough servers for every array of the
 * program at once (they compete, as in one plan), counting what each
 * deployed array already keeps. Arrays whose datacenter or types are
 * unknown are left to the checks that report those.
 */
export function capacityDiagnostics(models: readonly InfrastructureModel[], inventory: Inventory): Diagnostic[] {
  const datacenters = new Set(inventory.datacenters.map((d) => d.name));
  const types = new Set(inventory.server_types.map((t) => t.name));
  const requests: AllocationRequest[] = [];
  const seen = new Set<string>();
  for (const infra of models) {
    // The same name in two files of one `mbp check` run: two blueprints, not one plan; the first speaks for it.
    if (infra.datacenter === undefined || !datacenters.has(infra.datacenter.value) || seen.has(infra.name)) continue;
    seen.add(infra.name);
    for (const array of infra.arrays) {
      if (array.demands.length === 0 || array.demands.some((d) => !types.has(d.serverType.value))) continue;
      // A tag no server of a wanted type has is reported by tags-exist; a shortage would only repeat it.
      const tagless = array.demands.some((d) => {
        const servers = inventory.servers.filter((s) => s.datacenter === infra.datacenter!.value && s.type === d.serverType.value);
        return servers.length > 0 && array.tags.some((t) => !servers.some((s) => s.tags.includes(t.value)));
      });
      if (tagless) continue;
      requests.push({
        infrastructure: infra.name,
        array: array.name,
        datacenter: infra.datacenter.value,
        demands: array.demands.map((d) => ({ serverType: d.serverType.value, count: d.count.value })),
        tags: array.tags.map((t) => t.value),
        spread: array.spread,
        preferred: array.preferred.map((p) => p.value),
        keep: existingBindings(inventory, infra.name, array.name),
      });
    }
  }
  if (requests.length === 0) return [];
  return placeShortages(models, allocateServers(inventory, requests).problems).diagnostics;
}
