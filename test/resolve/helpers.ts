import type { Plan } from '../../compiler/plan/index.ts';
import { createDemoInventory, findInventoryProblems, type Inventory, type Server } from '../../runtime/inventory/index.ts';
import {
  deployedInfrastructure,
  resolvePlan,
  type InstanceResolution,
  type Resolution,
  type ResolveOptions,
  type ResolveResult,
} from '../../runtime/resolve/index.ts';
import { fail } from '../support/index.ts';
import { planOf } from '../lower/helpers.ts';

export { planOf };

/** The demo inventory (docs/inventory.md): dc-east with 64 wired servers in four racks, dc-west with 8. */
export function demo(): Inventory {
  return createDemoInventory(new Date(0));
}

/** One infrastructure in dc-east with a WAN network and one array `web`; `array` lines go inside the array block. */
export function webBlueprint(options: { count?: number; type?: string; array?: readonly string[]; infra?: readonly string[]; name?: string } = {}): string {
  return [
    `infrastructure ${options.name ?? 'hello'} {`,
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    ...(options.infra ?? []),
    '  instance_array web {',
    `    server_type = "${options.type ?? 'M.8.32.2'}"`,
    `    count       = ${options.count ?? 2}`,
    '    template    = std.os.ubuntu_2404',
    '    port 0 { network = wan }',
    ...(options.array ?? []).map((l) => `    ${l}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Compiles `text` (held in memory) and resolves it against `inventory`. */
export async function resolveText(text: string, inventory: Inventory, options: ResolveOptions = {}, params: readonly string[] = []): Promise<ResolveResult & { plan: Plan }> {
  const plan = await planOf(text, params);
  return { plan, ...resolvePlan(plan, inventory, options) };
}

export function noProblems(result: ResolveResult): void {
  if (result.problems.length > 0) fail('the resolution has problems', result.problems.map((p) => `${p.code}: ${p.message}`));
}

export function instance(resolution: Resolution, infra: string, array: string, index: number): InstanceResolution {
  const found = resolution.infrastructures[infra]?.arrays[array]?.instances.find((i) => i.index === index);
  if (found === undefined) fail(`no instance ${infra}/${array}[${index}]`, Object.keys(resolution.infrastructures[infra]?.arrays ?? {}));
  return found;
}

/** The servers of an array's live instances, by index. */
export function serversOf(resolution: Resolution, infra: string, array: string): (string | undefined)[] {
  return (resolution.infrastructures[infra]?.arrays[array]?.instances ?? []).filter((i) => i.action !== 'delete').map((i) => i.server?.name);
}

export function server(inventory: Inventory, ref: number | string): Server {
  const s = inventory.servers.find((x) => x.id === ref || x.name === ref);
  if (s === undefined) fail(`no server ${ref}`, []);
  return s;
}

let nextInstance = 0;

/**
 * What a successful `mbp apply` of the resolution leaves in the inventory,
 * without running anything: each resolved infrastructure recorded with
 * `deployedInfrastructure`, its servers active and held, released servers
 * available again, serial and versions bumped as a commit would. The result
 * must pass the inventory's own validation.
 */
export function applied(inventory: Inventory, plan: Plan, resolution: Resolution): Inventory {
  const next = structuredClone(inventory);
  const serial = next.serial + 1;
  for (const name of Object.keys(resolution.infrastructures)) {
    const at = next.infrastructures.findIndex((i) => i.name === name);
    const previous = at >= 0 ? next.infrastructures[at] : undefined;
    const record = deployedInfrastructure(plan, resolution, name, {
      now: new Date(0).toISOString(),
      newInstanceId: () => `i-${String(++nextInstance).padStart(6, '0')}`,
      ...(previous !== undefined ? { previous } : {}),
    });
    record.version = serial;
    for (const old of previous?.instances ?? []) {
      if (old.server_id === null || record.instances.some((i) => i.server_id === old.server_id)) continue;
      const s = next.servers.find((x) => x.id === old.server_id)!;
      Object.assign(s, { status: 'available', allocation: null, version: serial });
    }
    for (const inst of record.instances) {
      const s = next.servers.find((x) => x.id === inst.server_id)!;
      Object.assign(s, { status: 'active', allocation: { run_id: 'run-test', infrastructure: name, instance_id: inst.id }, version: serial });
    }
    if (at >= 0) next.infrastructures[at] = record;
    else next.infrastructures.push(record);
  }
  next.serial = serial;
  next.next_instance_id = nextInstance + 1;
  const problems = findInventoryProblems(next);
  if (problems.length > 0) fail('the applied inventory is not valid', problems.map((p) => `${p.path}: ${p.message}`));
  return next;
}

/** The action of every item (networks, subnets, arrays, instances), for a one-line comparison. */
export function actions(resolution: Resolution): string[] {
  const out: string[] = [];
  for (const [name, infra] of Object.entries(resolution.infrastructures)) {
    out.push(`${name}: ${infra.action}`);
    for (const n of infra.networks) out.push(`network ${n.name}: ${n.action}`);
    for (const s of infra.subnets) out.push(`subnet ${s.name}: ${s.action}`);
    for (const [arrayName, a] of Object.entries(infra.arrays)) {
      out.push(`array ${arrayName}: ${a.action}`);
      for (const i of a.instances) out.push(`${arrayName}[${i.index}]: ${i.action}`);
    }
  }
  return out;
}

export function codes(result: ResolveResult): string[] {
  return result.problems.map((p) => p.code);
}
