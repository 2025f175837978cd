import { formatProblems, type Inventory, type InventoryProblem, type ServerType } from '../inventory/index.ts';
import { compareText } from '../../stdlib/index.ts';
import { stripJsonComments } from './json-comments.ts';
import type { AllocationRequest, ServerRef } from './types.ts';

/** An instance array of the blueprint, as deploy options may name it: by name, or by id when it has one. */
export interface BlueprintArrayRef {
  readonly name: string;
  readonly id?: number;
}

export interface DeployDemand {
  /** Server type name (an id in the file is resolved to its name). */
  readonly serverType: string;
  readonly count: number;
  readonly serverIds: readonly ServerRef[];
}

/** Validated deploy options: array name → its split, in file order. */
export interface DeployOptions {
  readonly arrays: ReadonlyMap<string, readonly DeployDemand[]>;
}

export class DeployOptionsError extends Error {
  readonly code = 'deploy-options-invalid';
  readonly exitCode = 1;
  readonly hint =
    'The file has the shape {"instance_array": {<array>: {<server type>: {"server_count": N, "server_ids": [...]}}}}, arrays and server types by name or id; fix it and run the command again.';
  constructor(
    readonly source: string,
    readonly problems: readonly InventoryProblem[],
  ) {
    super('');
    this.name = 'DeployOptionsError';
    this.message = `The deploy options ${source} are not valid:\n${formatProblems(problems)}\n${this.hint}`;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : JSON.stringify(v));

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1}`;
}

/**
 * Reads the seed's deploy options (`mbp plan/apply --deploy-options FILE`)
 * for one infrastructure. `json` is the file's text (comments allowed) or an
 * already-parsed value. Every problem is collected and thrown at once as a
 * `DeployOptionsError` naming the offending key, e.g.
 * `instance_array.worker["M.40.256.4"].server_count: must be a whole number ≥ 0 (found "3")`.
 *
 * Preferred server ids are not checked against the inventory: a preference
 * that cannot be honoured is skipped at allocation with a reason, never an error.
 */
export function parseDeployOptions(
  json: unknown,
  blueprintArrays: readonly (BlueprintArrayRef | string)[],
  inventory: Pick<Inventory, 'server_types'>,
  source = 'file',
): DeployOptions {
  let doc = json;
  if (typeof json === 'string') {
    const text = stripJsonComments(json);
    try {
      doc = JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const at = /at position (\d+)/.exec(msg);
      const where = at !== null ? ` (${lineColumn(text, Number(at[1]))})` : '';
      throw new DeployOptionsError(source, [{ path: '', message: `not valid JSON${where}: ${msg}` }]);
    }
  }
  const problems: InventoryProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  const arrays = new Map<string, DeployDemand[]>();
  const refs = blueprintArrays.map((a) => (typeof a === 'string' ? { name: a } : a));
  const arrayNames = refs.map((a) => a.name).sort(compareText).join(', ') || 'none';
  const typeNames = inventory.server_types.map((t) => t.name).sort(compareText).join(', ') || 'none';

  if (!isObject(doc)) {
    report('', `must be an object with an "instance_array" key (found ${describe(doc)})`);
    throw new DeployOptionsError(source, problems);
  }
  for (const k of Object.keys(doc)) {
    if (k !== 'instance_array') report(k, 'unknown key; deploy options hold only "instance_array"');
  }
  const byArray = doc['instance_array'];
  if (byArray !== undefined && !isObject(byArray)) report('instance_array', `must be an object keyed by instance array (found ${describe(byArray)})`);

  for (const [arrayKey, types] of isObject(byArray) ? Object.entries(byArray) : []) {
    const path = `instance_array${key(arrayKey)}`;
    const array = refs.find((a) => a.name === arrayKey) ?? (/^[0-9]+$/.test(arrayKey) ? refs.find((a) => a.id === Number(arrayKey)) : undefined);
    if (array === undefined) {
      report(path, `no instance array named or numbered ${JSON.stringify(arrayKey)} in this infrastructure (arrays: ${arrayNames})`);
      continue;
    }
    if (arrays.has(array.name)) {
      report(path, `names instance array ${array.name} a second time`);
      continue;
    }
    if (!isObject(types)) {
      report(path, `must be an object keyed by server type (found ${describe(types)})`);
      continue;
    }
    if (Object.keys(types).length === 0) report(path, 'names no server type; give at least one, e.g. {"M.8.32.2": {"server_count": 1}}');
    const demands: DeployDemand[] = [];
    for (const [typeKey, spec] of Object.entries(types)) {
      const typePath = `${path}${key(typeKey)}`;
      const type: ServerType | undefined =
        inventory.server_types.find((t) => t.name === typeKey) ??
        (/^[0-9]+$/.test(typeKey) ? inventory.server_types.find((t) => t.id === Number(typeKey)) : undefined);
      if (type === undefined) {
        report(typePath, `no server type named or numbered ${JSON.stringify(typeKey)} in the inventory (types: ${typeNames})`);
        continue;
      }
      if (demands.some((d) => d.serverType === type.name)) {
        report(typePath, `names server type ${type.name} a second time`);
        continue;
      }
      if (!isObject(spec)) {
        report(typePath, `must be an object with "server_count" and optional "server_ids" (found ${describe(spec)})`);
        continue;
      }
      for (const k of Object.keys(spec)) {
        if (k !== 'server_count' && k !== 'server_ids') report(`${typePath}${key(k)}`, 'unknown key; expected "server_count" or "server_ids"');
      }
      const count = spec['server_count'];
      if (count === undefined) report(`${typePath}.server_count`, 'is required (how many servers of this type the array gets)');
      else if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        report(`${typePath}.server_count`, `must be a whole number ≥ 0 (found ${describe(count)})`);
      }
      const ids = spec['server_ids'] ?? [];
      const serverIds: ServerRef[] = [];
      if (!Array.isArray(ids)) report(`${typePath}.server_ids`, `must be a list of server ids or names (found ${describe(ids)})`);
      else {
        ids.forEach((id: unknown, i) => {
          if ((typeof id === 'number' && Number.isInteger(id) && id > 0) || (typeof id === 'string' && id !== '')) serverIds.push(id);
          else report(`${typePath}.server_ids[${i}]`, `must be a server id (a whole number > 0) or a server name (found ${describe(id)})`);
        });
      }
      if (typeof count === 'number') demands.push({ serverType: type.name, count, serverIds });
    }
    arrays.set(array.name, demands);
  }
  if (problems.length > 0) throw new DeployOptionsError(source, problems);
  return { arrays };
}

/**
 * The requests with deploy options applied to the arrays they name in
 * `infrastructure`: the split is replaced by the file's (types it does not
 * list get no servers), and its `server_ids` replace the blueprint's
 * `prefer`, each bound to the type it is listed under. Nothing else changes.
 *
 * Demands keep the blueprint's type order, then the file's new types: index
 * assignment follows demand order, and a parsed JSON object puts numeric
 * keys first whatever the file says, so the file's order would move indexes.
 */
export function applyDeployOptions(requests: readonly AllocationRequest[], options: DeployOptions, infrastructure: string): AllocationRequest[] {
  return requests.map((req) => {
    const demands = req.infrastructure === infrastructure ? options.arrays.get(req.array) : undefined;
    if (demands === undefined) return req;
    const rank = (type: string) => {
      const i = req.demands.findIndex((d) => d.serverType === type);
      return i === -1 ? req.demands.length : i;
    };
    const ordered = demands.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d.serverType) - rank(b.d.serverType) || a.i - b.i);
    const { preferred: _dropped, ...rest } = req;
    return { ...rest, demands: ordered.map(({ d }) => ({ serverType: d.serverType, count: d.count, preferred: d.serverIds })) };
  });
}
