import { compareText } from './compare.ts';
import type { Inventory } from '../inventory/index.ts';
import type { Plan } from '../../compiler/plan/index.ts';
import type { ResolveProblem } from './types.ts';

/** Instance indexes `--target` names, per `INFRA/ARRAY`. */
export type TargetSet = ReadonlyMap<string, ReadonlySet<number>>;

export const arrayKey = (infrastructure: string, array: string): string => `${infrastructure}/${array}`;

const ADDRESS = /^(?:([^/[\]]+)\/)?([^/[\]]+)\[(\d+)\]$/;

/**
 * Reads `--target` values: `ARRAY[INDEX]`, `INFRA/ARRAY[INDEX]`, or the
 * persistent id of a deployed instance (`i-000042`). A target must name an
 * instance that is deployed (it picks which ones a scale-down removes, or
 * which are replaced on another server); anything else is a problem naming
 * what exists. `--replace` names instances the same way (problems coded
 * `unknown_replace`, a usage error).
 */
export function parseTargets(
  targets: readonly string[],
  infrastructures: readonly string[],
  plan: Plan,
  inventory: Inventory,
  flag: '--target' | '--replace' = '--target',
): { readonly targets: TargetSet; readonly problems: ResolveProblem[] } {
  const out = new Map<string, Set<number>>();
  const problems: ResolveProblem[] = [];
  const problem = (message: string, hint?: string) =>
    problems.push({ code: flag === '--target' ? 'unknown_target' : 'unknown_replace', severity: 'error', message, ...(hint !== undefined ? { hint } : {}) });
  const deployed = (infra: string) => inventory.infrastructures.find((i) => i.name === infra);
  // Instances on a server, in address order: what a --target or --replace can name.
  const bound = (infra: string) =>
    (deployed(infra)?.instances ?? []).filter((i) => i.server_id !== null).sort((a, b) => compareText(a.array, b.array) || a.index - b.index);
  // One infrastructure: `ARRAY[i]`; several: `INFRA/ARRAY[i]`, as a target would be written.
  const deployedList = (infras: readonly string[]) =>
    infras.flatMap((name) => bound(name).map((i) => `${infras.length > 1 ? `${name}/` : ''}${i.array}[${i.index}]`));
  const arraysOf = (infra: string) =>
    new Set([...Object.keys(plan.infrastructures[infra]?.arrays ?? {}), ...(deployed(infra)?.arrays.map((a) => a.name) ?? [])]);

  for (const target of targets) {
    let infra: string | undefined;
    let array: string | undefined;
    let index: number | undefined;
    const m = ADDRESS.exec(target.trim());
    if (m !== null) {
      array = m[2]!;
      index = Number(m[3]);
      if (m[1] !== undefined) {
        infra = m[1];
        if (!infrastructures.includes(infra)) {
          problem(`${flag} ${target}: the plan resolves no infrastructure ${infra} (it resolves ${infrastructures.join(', ') || 'none'})`);
          continue;
        }
      } else {
        const owners = infrastructures.filter((i) => arraysOf(i).has(array!));
        if (owners.length > 1) {
          problem(`${flag} ${target}: more than one infrastructure has an array ${array} (${owners.join(', ')})`, `write it as INFRASTRUCTURE/${target}`);
          continue;
        }
        infra = owners[0];
      }
      if (infra === undefined || !arraysOf(infra).has(array)) {
        const where = infra === undefined ? infrastructures : [infra];
        problem(`${flag} ${target}: no instance array ${array} in ${where.join(', ')} (deployed: ${deployedList(where).join(', ') || 'none'})`);
        continue;
      }
    } else {
      for (const name of infrastructures) {
        const found = deployed(name)?.instances.find((i) => i.id === target.trim());
        if (found === undefined) continue;
        infra = name;
        array = found.array;
        index = found.index;
      }
      if (infra === undefined || array === undefined || index === undefined) {
        problem(`${flag} ${target}: not an instance address or the id of a deployed instance`, 'write ARRAY[INDEX], INFRASTRUCTURE/ARRAY[INDEX], or an instance id such as i-000042');
        continue;
      }
    }
    if (!bound(infra).some((i) => i.array === array && i.index === index)) {
      const known = bound(infra).filter((i) => i.array === array).map((i) => `${array}[${i.index}]`);
      problem(
        `${flag} ${target}: ${infra}/${array}[${index}] is not deployed (deployed: ${known.join(', ') || 'none'})`,
        flag === '--target' ? '--target picks deployed instances to remove or replace; new instances need no target' : '--replace reinstalls a deployed instance on its server',
      );
      continue;
    }
    const key = arrayKey(infra, array);
    let set = out.get(key);
    if (set === undefined) out.set(key, (set = new Set()));
    set.add(index);
  }
  return { targets: new Map([...out].sort((a, b) => compareText(a[0], b[0]))), problems };
}
