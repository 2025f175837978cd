import { compareText } from './compare.ts';
import { hasChanges } from './resolve-plan.ts';
import type {
  ArrayResolution,
  ChangeAction,
  InfrastructureResolution,
  InstanceResolution,
  NetworkResolution,
  Resolution,
  ResolveProblem,
  SubnetResolution,
} from './types.ts';

export interface RenderOptions {
  /** ANSI colour for the action markers (the caller decides: TTY, NO_COLOR, --no-color). */
  readonly color?: boolean;
  /** How the inventory is named in the header, e.g. `.mbp/inventory.json`. */
  readonly inventory?: string;
  /** How many step names to list per instance before "… and N more". */
  readonly maxSteps?: number;
}

const MARK: Readonly<Record<ChangeAction, string>> = { create: '+', update: '~', replace: '-/+', delete: '-', 'no-op': ' ' };
const WORD: Readonly<Record<ChangeAction, string>> = {
  create: 'will be created',
  update: 'will be updated in place',
  replace: 'will be replaced',
  delete: 'will be deleted',
  'no-op': 'unchanged',
};
/** Why an infrastructure not recorded `deployed` is an update (docs/plan-resolution.md). */
const LAST_RUN: Readonly<Record<NonNullable<InfrastructureResolution['previous_status']>, string>> = {
  failed: 'last apply failed',
  deploying: 'last apply did not finish',
  destroying: 'last destroy did not finish',
};
const COLOUR: Readonly<Record<ChangeAction, string>> = { create: '\x1b[32m', update: '\x1b[33m', replace: '\x1b[35m', delete: '\x1b[31m', 'no-op': '' };

const ALLOCATION_WORDS = {
  kept: 'kept (already bound to this instance)',
  preferred: 'preferred server (prefer)',
  spread: 'spread over racks (fewest of this array in the rack)',
  order: 'next free in candidate order (rack, name, id)',
} as const;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

class Writer {
  readonly lines: string[] = [];
  constructor(private readonly color: boolean) {}

  mark(action: ChangeAction): string {
    const m = MARK[action].padStart(3);
    return this.color && COLOUR[action] !== '' ? `${COLOUR[action]}${m}\x1b[0m` : m;
  }

  line(depth: number, text: string): void {
    this.lines.push(`${'  '.repeat(depth)}${text}`.trimEnd());
  }

  item(depth: number, action: ChangeAction, text: string): void {
    this.lines.push(`${'  '.repeat(depth)}${this.mark(action)} ${text}`.trimEnd());
  }
}

function networkLine(n: NetworkResolution): string {
  const vlan = n.vlan === null ? (n.action === 'delete' ? `VLAN ${n.previous_vlan ?? 'none'} released` : 'no VLAN') : `VLAN ${n.vlan} (${n.vlan_source ?? 'allocated'})`;
  const was = n.previous_vlan !== undefined && n.action !== 'delete' ? `, was ${n.previous_vlan ?? 'none'}` : '';
  return `network ${n.name} (${n.kind}): ${vlan}${was}`;
}

function subnetLine(s: SubnetResolution): string {
  const head = `subnet ${s.network}/${s.name}`;
  if (s.action === 'delete') return `${head}: ${s.previous_cidr ?? ''} released`;
  const cidr = s.cidr ?? 'not allocated';
  const detail = [s.family, s.gateway !== null ? `gateway ${s.gateway}` : undefined, `${s.default === true ? 'default ' : ''}/${s.prefix} from ${s.pool ?? 'no pool'}`, s.source]
    .filter((x) => x !== undefined)
    .join(', ');
  return `${head}: ${cidr} (${detail})${s.previous_cidr !== undefined ? `, was ${s.previous_cidr}` : ''}`;
}

function stepNames(instance: InstanceResolution, infrastructure: string, array: string): string[] {
  const prefix = `${infrastructure}/${array}[${instance.index}]/`;
  return instance.steps.map((id) => (id.startsWith(prefix) ? id.slice(prefix.length) : id));
}

function instanceLines(w: Writer, infrastructure: string, array: string, i: InstanceResolution, maxSteps: number): void {
  const server = i.server !== null ? `${i.server.name} (${i.server.type}, rack ${i.server.rack})` : i.action === 'delete' ? '' : 'no server available';
  const previous = i.previous_server !== undefined ? `${i.action === 'delete' ? '' : ', was '}${i.previous_server.name}` : '';
  const why = i.allocation !== undefined && i.action !== 'delete' ? `: ${ALLOCATION_WORDS[i.allocation]}` : '';
  w.item(4, i.action, `${array}[${i.index}]${i.hostname !== null ? ` ${i.hostname}` : ''} ${server}${previous}${why}`.replace(/ +/g, ' '));
  if (i.reasons.length > 0) w.line(7, `because  ${i.reasons.join('; ')}`);
  if (i.action === 'delete') {
    if (i.steps.length > 0) w.line(7, `steps    ${stepNames(i, infrastructure, array).join(', ')}`);
    return;
  }
  if (i.ips.length > 0) w.line(7, `ips      ${i.ips.map((ip) => `${ip.address} (${ip.network}/${ip.subnet}, port ${ip.nic}${ip.source === 'kept' ? ', kept' : ''})`).join('; ')}`);
  if (i.ports.length > 0) {
    const up = i.ports.filter((p) => p.state === 'up').map((p) => `${p.nic} → ${p.network}${p.vlan !== null ? ` (VLAN ${p.vlan})` : ''}`);
    const shut = i.ports.filter((p) => p.state === 'down').map((p) => String(p.nic));
    w.line(7, `ports    ${[...up, ...(shut.length > 0 ? [`shut ${shut.join(', ')}`] : [])].join('; ')}`);
  }
  if (i.steps.length > 0) {
    const names = stepNames(i, infrastructure, array);
    const shown = names.slice(0, maxSteps).join(', ');
    w.line(7, `steps    ${names.length}: ${shown}${names.length > maxSteps ? `, … and ${names.length - maxSteps} more` : ''}`);
  }
}

/** Runs of consecutive indexes as `0-3, 7`. */
function indexRuns(indexes: readonly number[]): string {
  const runs: string[] = [];
  let start = indexes[0];
  let prev = start;
  for (const i of [...indexes.slice(1), undefined]) {
    if (i !== undefined && prev !== undefined && i === prev + 1) {
      prev = i;
      continue;
    }
    if (start !== undefined) runs.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = i;
    prev = i;
  }
  return runs.join(', ');
}

function arrayLines(w: Writer, infrastructure: string, name: string, a: ArrayResolution, maxSteps: number): void {
  const split = Object.entries(a.server_types).filter(([, n]) => n > 0).map(([t, n]) => `${n} × ${t}`).join(' + ') || 'no servers';
  const was = a.previous_count !== undefined && a.previous_count !== a.count ? ` (was ${a.previous_count})` : '';
  w.item(2, a.action, `instance_array ${name}: ${split}${was}`);
  for (const c of a.changes) w.line(5, `${c.attribute}: ${c.from} → ${c.to} (${c.effect === 'scale' ? 'scale' : c.effect === 'replace' ? 'forces replacement' : 'update in place'})`);
  const unchanged = a.instances.filter((i) => i.action === 'no-op');
  for (const i of a.instances) if (i.action !== 'no-op') instanceLines(w, infrastructure, name, i, maxSteps);
  if (unchanged.length > 0) w.line(5, `${plural(unchanged.length, 'instance')} unchanged: ${name}[${indexRuns(unchanged.map((i) => i.index))}]`);
  for (const s of a.skipped) w.line(5, `preference skipped: ${s.message}`);
}

function infrastructureLines(w: Writer, name: string, infra: InfrastructureResolution, maxSteps: number): void {
  const head = `infrastructure ${name} (${infra.datacenter})${infra.empty ? ', empty: no servers, no VLANs, no addresses' : ''}`;
  if (infra.action === 'no-op') {
    const instances = Object.values(infra.arrays).reduce((n, a) => n + a.instances.length, 0);
    w.item(0, 'no-op', `${head}: no changes (${plural(infra.networks.length, 'network')}, ${plural(infra.subnets.length, 'subnet')}, ${plural(instances, 'instance')})`);
    for (const a of Object.values(infra.arrays)) for (const s of a.skipped) w.line(5, `preference skipped: ${s.message}`);
    return;
  }
  w.item(0, infra.action, `${head} ${WORD[infra.action]}${infra.previous_status !== undefined ? ` (${LAST_RUN[infra.previous_status]})` : ''}`);
  for (const n of infra.networks) if (n.action !== 'no-op') w.item(2, n.action, networkLine(n));
  for (const s of infra.subnets) if (s.action !== 'no-op') w.item(2, s.action, subnetLine(s));
  const sameNetworks = infra.networks.filter((n) => n.action === 'no-op');
  const sameSubnets = infra.subnets.filter((s) => s.action === 'no-op');
  if (sameNetworks.length > 0) w.line(5, `unchanged: ${sameNetworks.map((n) => `network ${n.name} (VLAN ${n.vlan ?? 'none'})`).join(', ')}`);
  if (sameSubnets.length > 0) w.line(5, `unchanged: ${sameSubnets.map((s) => `subnet ${s.name} ${s.cidr}`).join(', ')}`);
  for (const [arrayName, a] of Object.entries(infra.arrays).sort((x, y) => compareText(x[0], y[0]))) arrayLines(w, name, arrayName, a, maxSteps);
  if (infra.steps.length > 0) {
    const shown = infra.steps.map((id) => (id.startsWith(`${name}/`) ? id.slice(name.length + 1) : id));
    w.line(3, `infrastructure steps ${infra.steps.length}: ${shown.slice(0, maxSteps).join(', ')}${shown.length > maxSteps ? `, … and ${shown.length - maxSteps} more` : ''}`);
  }
}

/**
 * `mbp plan` for a person, in the manner of Terraform: per infrastructure
 * the changes (`+` create, `~` update, `-/+` replace, `-` delete; unchanged
 * items summarised), VLANs and subnets, each instance's server and why,
 * its addresses, ports configured and shut, its steps, every skipped
 * preference with its reason, and a closing count.
 */
export function renderResolution(resolution: Resolution, problems: readonly ResolveProblem[] = [], options: RenderOptions = {}): string {
  const w = new Writer(options.color === true);
  const maxSteps = options.maxSteps ?? 12;
  const where = options.inventory !== undefined ? `${options.inventory} ` : '';
  w.line(0, `Resolved against the inventory ${where}(serial ${resolution.inventory.serial}) for blueprint ${resolution.owner}.`);
  w.line(0, '');
  for (const [name, infra] of Object.entries(resolution.infrastructures).sort((a, b) => compareText(a[0], b[0]))) {
    infrastructureLines(w, name, infra, maxSteps);
    w.line(0, '');
  }
  for (const orphan of resolution.orphans) {
    w.line(0, `note: infrastructure ${orphan} is owned by this blueprint but no longer declared in it; run mbp destroy ${orphan} to remove it.`);
  }
  for (const p of problems) w.line(0, `${p.severity}: ${p.message}${p.hint !== undefined ? `\n  help: ${p.hint}` : ''}`);
  const s = resolution.summary;
  // An error leaves something out of the resolution: "No changes" would say the inventory matches when it was not compared.
  if (!hasChanges(s) && problems.some((p) => p.severity === 'error')) return `${w.lines.join('\n')}\n`;
  if (!hasChanges(s)) w.line(0, `No changes. The inventory matches the blueprint (${plural(s.unchanged, 'item')} unchanged).`);
  else w.line(0, `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete; ${s.unchanged} unchanged.`);
  return `${w.lines.join('\n')}\n`;
}
