import type { PlanInfrastructure, PlanStep } from '../../compiler/plan/index.ts';
import type { AllocationRequest, ArrayAllocation } from '../allocation/index.ts';
import { compareText } from './compare.ts';
import { cidrContains, gatewayAddress, parseCidr } from '../ipam/index.ts';
import type { Infrastructure, Inventory, Server } from '../inventory/index.ts';
import { addressesChanged, assignNetworking, portsChanged, type ArrayRows } from './addresses.ts';
import { arrayAttributes, arrayChanges } from './attributes.ts';
import { instanceRows, type InstanceRow } from './instances.ts';
import type { DatacenterIpam } from './networks.ts';
import type { ReadSet } from './reads.ts';
import { arrayKey, type TargetSet } from './targets.ts';
import { instanceWayBack, runsDeprovisionHooks } from './way-back.ts';
import type {
  ArrayResolution,
  ChangeAction,
  InfrastructureResolution,
  InstanceResolution,
  NetworkResolution,
  ResolveProblem,
  ServerRefResolution,
  SubnetResolution,
} from './types.ts';

/** What resolving one infrastructure needs from the whole resolution. */
export interface InfrastructureContext {
  readonly steps: readonly PlanStep[];
  readonly destroySteps: readonly PlanStep[];
  readonly inventory: Inventory;
  readonly servers: ReadonlyMap<number, Server>;
  readonly requests: ReadonlyMap<string, AllocationRequest>;
  readonly allocations: ReadonlyMap<string, ArrayAllocation>;
  readonly ipam: DatacenterIpam;
  readonly allowReplace: boolean;
  /** `--replace`: indexes per `INFRA/ARRAY` reinstalled on their servers. */
  readonly reinstall: TargetSet;
  readonly reads: ReadSet;
  readonly problems: ResolveProblem[];
}

const byName = <T>(record: Readonly<Record<string, T>>): [string, T][] => Object.entries(record).sort((a, b) => compareText(a[0], b[0]));

const MAX_NAMED = 5;
const named = (items: readonly string[]): string =>
  items.length <= MAX_NAMED ? items.join(', ') : `${items.slice(0, MAX_NAMED).join(', ')} and ${items.length - MAX_NAMED} more`;

const REPLACE_HINT = 'run again with --allow-replace to accept the replacement, or undo the change to keep what is running';

function serverRef(s: Server): ServerRefResolution {
  return { id: s.id, name: s.name, type: s.type, rack: s.rack };
}

/**
 * VLANs of the networks: pinned (`vlan = N`), else kept when the network is
 * deployed with one, else the lowest free of the datacenter's range. An
 * empty infrastructure provisions no network and the network made up for an
 * infrastructure that declares none carries no port, so neither gets a VLAN.
 */
function resolveNetworks(name: string, infra: PlanInfrastructure, deployed: Infrastructure | undefined, ctx: InfrastructureContext): NetworkResolution[] {
  const out: NetworkResolution[] = [];
  for (const [network, n] of byName(infra.networks)) {
    const old = deployed?.networks.find((d) => d.name === network);
    const holder = { infrastructure: name, label: `infrastructure ${name} (network ${network})` };
    let vlan: number | null = null;
    let source: NetworkResolution['vlan_source'];
    if (!infra.empty && n.implicit !== true) {
      if (n.vlan !== undefined) {
        vlan = n.vlan;
        source = 'pinned';
        if (old?.vlan !== n.vlan) {
          const taken = ctx.ipam.vlanHolder(n.vlan);
          if (!ctx.ipam.inVlanRange(n.vlan)) {
            const r = ctx.ipam.datacenter.vlan_range;
            ctx.problems.push({ code: 'vlan_out_of_range', severity: 'error', infrastructure: name, message: `${name}: network ${network} pins VLAN ${n.vlan}, outside ${ctx.ipam.datacenter.name}'s range ${r.min}-${r.max}`, hint: 'pick a VLAN in the range, or remove `vlan` to have one allocated' });
          } else if (taken !== undefined && taken.infrastructure !== name) {
            ctx.problems.push({ code: 'vlan_in_use', severity: 'error', infrastructure: name, message: `${name}: network ${network} pins VLAN ${n.vlan}, which ${taken.label} already uses`, hint: 'pick another VLAN, or remove `vlan` to have a free one allocated' });
          }
        }
        ctx.ipam.claimVlan(n.vlan, holder);
      } else if (old !== undefined && old.vlan !== null) {
        vlan = old.vlan;
        source = 'kept';
      } else {
        const got = ctx.ipam.allocateVlan(holder);
        if ('error' in got) ctx.problems.push({ code: 'vlans_exhausted', severity: 'error', infrastructure: name, message: `${name}: network ${network}: ${got.error}` });
        else {
          vlan = got.vlan;
          source = 'allocated';
        }
      }
    }
    const action: ChangeAction = old === undefined ? 'create' : old.vlan !== vlan || old.kind !== n.kind ? 'update' : 'no-op';
    out.push({
      name: network,
      kind: n.kind,
      action,
      vlan,
      ...(source !== undefined ? { vlan_source: source } : {}),
      ...(old !== undefined && old.vlan !== vlan ? { previous_vlan: old.vlan } : {}),
    });
  }
  for (const old of deployed?.networks ?? []) {
    if (infra.networks[old.name] === undefined) out.push({ name: old.name, kind: old.kind, action: 'delete', vlan: null, previous_vlan: old.vlan });
  }
  return out.sort((a, b) => compareText(a.name, b.name));
}

/**
 * Subnets: each declared one, and the default one of a `wan`/`san` network
 * that declares none, carved from its pool (or the datacenter's pools for
 * the network's kind and family) at its prefix (or the datacenter's default
 * for the kind). A deployed subnet of the same name is kept while its
 * family, prefix and pool still fit; otherwise it is replaced, which
 * re-addresses everything in it and so needs `--allow-replace`.
 */
function resolveSubnets(name: string, infra: PlanInfrastructure, deployed: Infrastructure | undefined, ctx: InfrastructureContext): SubnetResolution[] {
  const out: SubnetResolution[] = [];
  const dc = ctx.ipam.datacenter.name;
  for (const [network, n] of byName(infra.networks)) {
    for (const [subnet, s] of byName(n.subnets)) {
      const prefix = s.prefix ?? ctx.ipam.defaultPrefix(n.kind, s.family);
      const pools = s.pool !== undefined ? [s.pool] : ctx.ipam.pools(n.kind, s.family);
      const old = deployed?.subnets.find((d) => d.name === subnet && d.network === network);
      const common = { name: subnet, network, family: s.family, prefix, ...(s.default === true ? { default: true as const } : {}) };
      const fits = old !== undefined && old.family === s.family && parseCidr(old.cidr).prefix === prefix && pools.some((p) => cidrContains(p, old.cidr));
      if (old !== undefined && fits) {
        out.push({ ...common, action: 'no-op', cidr: old.cidr, pool: old.pool, gateway: gatewayAddress(old.cidr), source: 'kept' });
        continue;
      }
      const where = `${dc} (${s.pool !== undefined ? 'the subnet\'s pool' : `${n.kind} ${s.family} pools`})`;
      const got = ctx.ipam.allocateSubnet(pools, s.family, prefix, `infrastructure ${name} (subnet ${subnet})`, where);
      if ('error' in got) {
        ctx.problems.push({ code: 'subnets_exhausted', severity: 'error', infrastructure: name, message: `${name}: subnet ${subnet} (network ${network}): ${got.error}` });
      }
      const cidr = 'error' in got ? null : got.cidr;
      out.push({
        ...common,
        action: old === undefined ? 'create' : 'replace',
        cidr,
        pool: 'error' in got ? null : got.pool,
        gateway: cidr === null ? null : gatewayAddress(cidr),
        source: 'allocated',
        ...(old !== undefined ? { previous_cidr: old.cidr } : {}),
      });
      if (old !== undefined && !ctx.allowReplace) {
        const what = old.family !== s.family ? `family ${old.family} → ${s.family}` : parseCidr(old.cidr).prefix !== prefix ? `prefix /${parseCidr(old.cidr).prefix} → /${prefix}` : `pool ${old.pool} → ${pools.join(', ')}`;
        ctx.problems.push({
          code: 'replace_not_allowed',
          severity: 'error',
          infrastructure: name,
          message: `${name}: changing subnet ${subnet} (${what}) replaces ${old.cidr} and re-addresses every instance in it`,
          hint: REPLACE_HINT,
        });
      }
    }
  }
  for (const old of deployed?.subnets ?? []) {
    if (infra.networks[old.network]?.subnets[old.name] === undefined) {
      out.push({ name: old.name, network: old.network, family: old.family, action: 'delete', cidr: null, prefix: parseCidr(old.cidr).prefix, pool: old.pool, gateway: null, previous_cidr: old.cidr });
    }
  }
  return out.sort((a, b) => compareText(a.network, b.network) || compareText(a.name, b.name));
}

/** Plan step ids per instance (`array[index]`) of one infrastructure. */
function stepsByInstance(steps: readonly PlanStep[], infrastructure: string): Map<string, PlanStep[]> {
  const out = new Map<string, PlanStep[]>();
  for (const s of steps) {
    if (s.infrastructure !== infrastructure || s.target === undefined) continue;
    const key = `${s.target.array}[${s.target.index}]`;
    const list = out.get(key);
    if (list === undefined) out.set(key, [s]);
    else list.push(s);
  }
  return out;
}

const PORT_STEP_KINDS = new Set(['std.provision.configure_ports', 'std.provision.assign_ips']);

/** Resolves one infrastructure the blueprint owns (or creates) against the inventory. */
export function resolveInfrastructure(name: string, infra: PlanInfrastructure, deployed: Infrastructure | undefined, ctx: InfrastructureContext): InfrastructureResolution {
  const networks = resolveNetworks(name, infra, deployed, ctx);
  const subnets = resolveSubnets(name, infra, deployed, ctx);
  const vlans = new Map(networks.filter((n) => n.action !== 'delete').map((n) => [n.name, n.vlan]));

  const arrayNames = [...new Set([...Object.keys(infra.arrays), ...(deployed?.arrays.map((a) => a.name) ?? [])])].sort(compareText);
  const built: (ArrayRows & { splits: Record<string, number>; input: Omit<ArrayResolution, 'instances' | 'action'> })[] = [];
  for (const arrayName of arrayNames) {
    const plan = infra.arrays[arrayName];
    const deployedArray = deployed?.arrays.find((a) => a.name === arrayName);
    const key = arrayKey(name, arrayName);
    const request = ctx.requests.get(key);
    const allocation = ctx.allocations.get(key);
    const splits: Record<string, number> = {};
    for (const d of request?.demands ?? []) splits[d.serverType] = (splits[d.serverType] ?? 0) + d.count;
    const attributes = plan !== undefined ? arrayAttributes(name, arrayName, plan, infra.hooks) : {};
    const count = request !== undefined ? request.demands.reduce((n, d) => n + d.count, 0) : (plan?.count ?? 0);
    const changes = plan !== undefined && deployedArray !== undefined ? arrayChanges(deployedArray, plan, count, splits, attributes) : [];
    const deployedInstances = (deployed?.instances ?? []).filter((i) => i.array === arrayName);
    const rows = instanceRows({
      infrastructure: name,
      name: arrayName,
      ...(plan !== undefined ? { plan } : {}),
      count: plan !== undefined ? count : 0,
      ...(deployedArray !== undefined ? { deployed: deployedArray } : {}),
      deployedInstances,
      ...(allocation !== undefined ? { allocation } : {}),
      ...(ctx.reinstall.has(key) ? { reinstall: ctx.reinstall.get(key)! } : {}),
      changes,
      servers: ctx.servers,
    });
    const skipped = (allocation?.skipped ?? []).map((s) => ({
      preference: s.preference,
      ...(s.serverId !== undefined ? { server_id: s.serverId } : {}),
      ...(s.serverName !== undefined ? { server_name: s.serverName } : {}),
      reason: s.reason.kind,
      message: s.message,
    }));
    for (const s of allocation?.skipped ?? []) if (s.serverId !== undefined) ctx.reads.server(s.serverId, ctx.servers.get(s.serverId)?.version ?? null);
    for (const d of request?.demands ?? []) ctx.reads.serverType(d.serverType);
    built.push({
      name: arrayName,
      ...(plan !== undefined ? { plan } : {}),
      rows,
      splits,
      input: {
        count: plan !== undefined ? count : 0,
        server_types: splits,
        ...(deployedArray !== undefined ? { previous_count: deployedArray.count } : {}),
        changes,
        skipped,
      },
    });
  }

  const networking = assignNetworking(name, built, subnets, vlans, deployed, ctx.inventory.reservations, ctx.problems);
  const deploySteps = stepsByInstance(ctx.steps, name);
  const wayBack = (array: string, row: InstanceRow): string[] => {
    const ids = instanceWayBack(ctx.destroySteps, name, array, row.index).map((s) => s.id);
    return runsDeprovisionHooks(row.deployed?.status) ? ids : ids.filter((id) => id.endsWith('/release'));
  };

  const arrays: Record<string, ArrayResolution> = {};
  for (const a of built) {
    const instances: InstanceResolution[] = [];
    for (const row of a.rows) {
      const ips = networking.ips.get(row) ?? [];
      const ports = networking.ports.get(row) ?? [];
      const portsDiffer = row.action !== 'create' && row.action !== 'delete' && portsChanged(row, ports);
      const ipsDiffer = row.action !== 'create' && row.action !== 'delete' && addressesChanged(row, ips);
      if (row.action === 'no-op' || row.action === 'update') {
        if (portsDiffer) row.reasons.push('ports');
        if (ipsDiffer) row.reasons.push('addresses');
        if (row.reasons.length > 0) row.action = 'update';
      }
      const own = deploySteps.get(`${a.name}[${row.index}]`) ?? [];
      let steps: string[];
      switch (row.action) {
        case 'create':
          steps = own.map((s) => s.id);
          break;
        case 'replace': {
          const back = wayBack(a.name, row);
          steps = [...(row.reinstall ? back.filter((id) => !id.endsWith('/release')) : back), ...own.map((s) => s.id)];
          break;
        }
        case 'update':
          steps = portsDiffer || ipsDiffer ? own.filter((s) => PORT_STEP_KINDS.has(s.kind)).map((s) => s.id) : [];
          break;
        case 'delete':
          steps = wayBack(a.name, row);
          break;
        default:
          steps = [];
      }
      if (row.server !== null) ctx.reads.server(row.server.id, row.server.version);
      if (row.previous !== undefined) ctx.reads.server(row.previous.id, row.previous.version);
      instances.push({
        index: row.index,
        ...(row.deployed !== undefined ? { instance_id: row.deployed.id } : {}),
        action: row.action,
        reasons: row.reasons,
        hostname: row.hostname,
        server: row.server !== null ? serverRef(row.server) : null,
        ...(row.allocation !== undefined ? { allocation: row.allocation } : {}),
        ...(row.previous !== undefined && row.previous.id !== row.server?.id ? { previous_server: serverRef(row.previous) } : {}),
        ips,
        ports,
        steps,
      });
    }
    const replaced = a.rows.filter((r) => r.replaceCauses.length > 0);
    if (replaced.length > 0 && !ctx.allowReplace) {
      const causes = [...new Set(replaced.flatMap((r) => r.replaceCauses))];
      ctx.problems.push({
        code: 'replace_not_allowed',
        severity: 'error',
        infrastructure: name,
        array: a.name,
        message: `${name}/${a.name}: ${causes.join('; ')} replaces ${named(replaced.map((r) => `${a.name}[${r.index}]`))}`,
        hint: REPLACE_HINT,
      });
    }
    const action: ChangeAction =
      a.plan === undefined
        ? 'delete'
        : a.input.previous_count === undefined
          ? 'create'
          : a.input.changes.some((c) => c.effect === 'replace')
            ? 'replace'
            : a.input.changes.length > 0 || instances.some((i) => i.action !== 'no-op')
              ? 'update'
              : 'no-op';
    arrays[a.name] = { action, ...a.input, instances };
  }

  const changed = [...networks, ...subnets, ...Object.values(arrays)].some((x) => x.action !== 'no-op');
  // A record its last run did not leave `deployed` (a failed hook, a step in doubt, a stopped run) is a change in
  // itself: the infrastructure-wide steps run again, whatever else is unchanged (docs/plan-resolution.md).
  const unfinished = deployed !== undefined && deployed.status !== 'deployed' ? deployed.status : undefined;
  const action: ChangeAction = deployed === undefined ? 'create' : changed || unfinished !== undefined ? 'update' : 'no-op';
  const steps = action === 'no-op' ? [] : ctx.steps.filter((s) => s.infrastructure === name && s.target === undefined).map((s) => s.id);
  return { action, datacenter: infra.datacenter, empty: infra.empty, networks, subnets, arrays, steps, ...(unfinished !== undefined ? { previous_status: unfinished } : {}) };
}
