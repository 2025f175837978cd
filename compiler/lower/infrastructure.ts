import type { Block, Body, Call, Hook, Infrastructure, OsTemplate } from '../../grammar/index.ts';
import { isObject, type OsTemplateDef, type Value } from '../../stdlib/index.ts';
import type { MbpSymbol } from '../binder/index.ts';
import type { TemplateTarget } from '../checker/index.ts';
import {
  call,
  isLit,
  lit,
  ref,
  type BootMethod,
  type Ir,
  type NetworkKind,
  type OnFailure,
  type PlanArray,
  type PlanAsset,
  type PlanDemand,
  type PlanInstance,
  type PlanNetwork,
  type PlanPort,
  type PlanReady,
  type PlanSubnet,
  type PlanTemplate,
} from '../plan/index.ts';
import { constantBool, constantInt, constantOf, constantString } from './constants.ts';
import { lowerExpr } from './expr.ts';
import { foldDeep, substituteRef } from './fold.ts';
import type { ArrayInfo } from './provision.ts';
import type { LowerState, Scope } from './state.ts';
import { stepArgs } from './step-args.ts';
import { attributeOf, blockLabel, blocksNamed, calleeText } from './targets.ts';

/** A hook as the DAG builder needs it. */
export interface HookModel {
  readonly id: string;
  readonly phase: 'pre_deploy' | 'post_deploy' | 'pre_destroy' | 'provision' | 'deprovision';
  readonly level: number;
  readonly decl: Hook;
  readonly call: Call;
  /** The file the hook is written in. */
  readonly file: string;
  readonly when?: Ir;
  readonly timeoutMs?: number;
}

export interface ArrayModel {
  readonly name: string;
  readonly block: Block;
  readonly info: ArrayInfo;
  readonly plan: Omit<PlanArray, 'provision'>;
  readonly provision?: HookModel;
  readonly deprovision: readonly HookModel[];
  /** Expressions of the array (hook arguments) see `instance`. */
  readonly scope: Scope;
}

export interface InfraModel {
  readonly name: string;
  readonly decl: Infrastructure;
  readonly file: string;
  readonly datacenter: string;
  readonly onFailure: OnFailure;
  readonly preventDestroy: boolean;
  readonly vars: Ir;
  readonly networks: Readonly<Record<string, PlanNetwork>>;
  readonly arrays: readonly ArrayModel[];
  readonly hooks: readonly HookModel[];
  readonly scope: Scope;
}

const INFRA_PHASES = new Set(['pre_deploy', 'post_deploy', 'pre_destroy']);
const ARRAY_PHASES = new Set(['provision', 'deprovision']);

/** Hook ids per phase: the hook's name, else the workflow as written; a repeated one gets `-2`, `-3`. */
function hookIds(hooks: readonly Hook[], prefix: string): Map<Hook, string> {
  const ids = new Map<Hook, string>();
  const used = new Map<string, number>();
  for (const h of hooks) {
    const base = h.phase.text === 'provision' ? '' : `/${h.name?.text ?? (h.call.kind === 'Call' ? calleeText(h.call.callee) : 'hook')}`;
    const key = `${prefix}/${h.phase.text}${base}`;
    const n = (used.get(key) ?? 0) + 1;
    used.set(key, n);
    ids.set(h, n === 1 ? key : `${key}-${n}`);
  }
  return ids;
}

function hookModels(state: LowerState, scope: Scope, hooks: readonly Hook[], prefix: string): HookModel[] {
  const ids = hookIds(hooks, prefix);
  const out: HookModel[] = [];
  for (const h of hooks) {
    if (h.call.kind !== 'Call') continue;
    const options = h.options;
    const level = constantInt(state, scope, attributeOf(options, 'level')?.value, 'a hook\'s `level`', 0);
    const whenExpr = attributeOf(options, 'when')?.value;
    const when = whenExpr ? lowerExpr(state, scope, whenExpr) : undefined;
    const timeoutExpr = attributeOf(options, 'timeout')?.value;
    const timeout = timeoutExpr ? constantOf(state, scope, timeoutExpr, 'a hook\'s `timeout`') : undefined;
    out.push({
      id: ids.get(h) as string,
      phase: h.phase.text as HookModel['phase'],
      level,
      decl: h,
      call: h.call,
      file: scope.file,
      ...(when && !(isLit(when) && when.lit === true) ? { when } : {}),
      ...(typeof timeout === 'number' ? { timeoutMs: timeout } : {}),
    });
  }
  return out;
}

/** Resolves one infrastructure: its settings, networks and subnets (defaults included), arrays and hooks. */
export function resolveInfrastructure(state: LowerState, decl: Infrastructure, file: string): InfraModel {
  const name = decl.name.text;
  const body = decl.body;
  const hooks = body.entries.filter((e): e is Hook => e.kind === 'Hook' && INFRA_PHASES.has(e.phase.text));
  const hookSymbols = new Map<MbpSymbol, string>();
  const ids = hookIds(hooks, name);
  for (const h of hooks) {
    const symbol = h.name ? state.facts.resolve(h) : undefined;
    if (symbol) hookSymbols.set(symbol, ids.get(h) as string);
  }
  const scope: Scope = { file, values: new Map(), steps: new Map(), hooks: hookSymbols };
  const attr = (n: string) => attributeOf(body, n)?.value;
  const datacenter = constantString(state, scope, attr('datacenter'), '`datacenter`', '');
  const onFailure = constantString(state, scope, attr('on_failure'), '`on_failure`', 'keep') as OnFailure;
  const preventDestroy = constantBool(state, scope, attr('prevent_destroy'), '`prevent_destroy`', false);
  const varsExpr = attr('vars');
  const vars = varsExpr ? lowerExpr(state, scope, varsExpr) : lit({});
  const networks = resolveNetworks(state, scope, body);
  const arrays = blocksNamed(body, 'instance_array')
    .map((block) => resolveArray(state, scope, name, block, vars))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    name,
    decl,
    file,
    datacenter,
    onFailure,
    preventDestroy,
    vars,
    networks,
    arrays,
    hooks: hookModels(state, scope, hooks, name),
    scope,
  };
}

function resolveNetworks(state: LowerState, scope: Scope, body: Body): Record<string, PlanNetwork> {
  const declared = new Map<string, { kind: NetworkKind; vlan?: number; subnets: Record<string, PlanSubnet> }>();
  for (const block of blocksNamed(body, 'network')) {
    const kind = constantString(state, scope, attributeOf(block.body, 'kind')?.value, 'a network\'s `kind`', 'wan') as NetworkKind;
    const vlanExpr = attributeOf(block.body, 'vlan')?.value;
    const vlan = vlanExpr ? constantInt(state, scope, vlanExpr, 'a network\'s `vlan`', 0) : undefined;
    declared.set(blockLabel(block), { kind, ...(vlan !== undefined ? { vlan } : {}), subnets: {} });
  }
  for (const block of blocksNamed(body, 'subnet')) {
    const network = state.facts.networkOf(block);
    const target = network ? declared.get(network.name) : undefined;
    if (!target) continue;
    const a = (n: string) => attributeOf(block.body, n)?.value;
    const family = constantString(state, scope, a('family'), 'a subnet\'s `family`', 'ipv4') as PlanSubnet['family'];
    const prefixExpr = a('prefix');
    const poolExpr = a('pool');
    const prefix = prefixExpr ? constantInt(state, scope, prefixExpr, 'a subnet\'s `prefix`', 0) : undefined;
    const pool = poolExpr ? constantString(state, scope, poolExpr, 'a subnet\'s `pool`', '') : undefined;
    target.subnets[blockLabel(block)] = { family, ...(prefix !== undefined ? { prefix } : {}), ...(pool !== undefined ? { pool } : {}) };
  }
  const out: Record<string, PlanNetwork> = {};
  for (const [name, n] of declared) {
    // A wan or san network that declares no subnet gets the datacenter's default one, named after it.
    if ((n.kind === 'wan' || n.kind === 'san') && Object.keys(n.subnets).length === 0) n.subnets[name] = { family: 'ipv4', default: true };
    out[name] = n;
  }
  if (declared.size === 0) {
    out.wan = { kind: 'wan', implicit: true, subnets: { wan: { family: 'ipv4', default: true } } };
  }
  return out;
}

function resolveArray(state: LowerState, infraScope: Scope, infrastructure: string, block: Block, infraVars: Ir): ArrayModel {
  const name = blockLabel(block);
  const body = block.body;
  const scope: Scope = { ...infraScope };
  const attr = (n: string) => attributeOf(body, n)?.value;
  const what = (n: string) => `\`${n}\` of instance array \`${name}\``;

  const demands: PlanDemand[] = [];
  const split = attr('server_types');
  if (split) {
    if (split.kind === 'ObjectExpr') {
      // Written order matters: a split gives the lowest indexes to its first type.
      for (const e of split.entries) demands.push({ server_type: e.key.text, count: constantInt(state, scope, e.value, what('server_types'), 0) });
    } else {
      const v = constantOf(state, scope, split, what('server_types'));
      if (v !== undefined && isObject(v)) for (const [k, c] of Object.entries(v)) demands.push({ server_type: k, count: typeof c === 'number' ? c : 0 });
    }
  } else {
    const serverType = constantString(state, scope, attr('server_type'), what('server_type'), '');
    demands.push({ server_type: serverType, count: constantInt(state, scope, attr('count'), what('count'), 1) });
  }
  const count = demands.reduce((n, d) => n + d.count, 0);
  const boot = constantString(state, scope, attr('boot'), what('boot'), 'local_drives') as BootMethod;
  const spread = constantString(state, scope, attr('spread'), what('spread'), 'none') as PlanArray['spread'];
  const tagsExpr = attr('tags');
  const tagsValue = tagsExpr ? constantOf(state, scope, tagsExpr, what('tags')) : [];
  const tags = Array.isArray(tagsValue) ? tagsValue.filter((t): t is string => typeof t === 'string') : [];
  const preferBlock = blocksNamed(body, 'prefer')[0];
  const preferExpr = preferBlock ? attributeOf(preferBlock.body, 'servers')?.value : undefined;
  const preferValue = preferExpr ? constantOf(state, scope, preferExpr, '`prefer.servers`') : [];
  const preferred = Array.isArray(preferValue) ? preferValue.filter((s): s is number | string => typeof s === 'number' || typeof s === 'string') : [];

  const rolloutBlock = blocksNamed(body, 'rollout')[0];
  const maxParallelExpr = rolloutBlock ? attributeOf(rolloutBlock.body, 'max_parallel')?.value : undefined;
  const maxFailures = constantInt(state, scope, rolloutBlock ? attributeOf(rolloutBlock.body, 'max_failures')?.value : undefined, '`rollout.max_failures`', 0);
  const rollout = {
    ...(maxParallelExpr ? { max_parallel: constantInt(state, scope, maxParallelExpr, '`rollout.max_parallel`', 1) } : {}),
    max_failures: maxFailures,
  };

  const ports: PlanPort[] = blocksNamed(body, 'port')
    .map((p) => ({ index: Number(p.labels[0]?.text ?? '0'), network: state.facts.networkOf(p)?.name ?? '' }))
    .sort((a, b) => a.index - b.index);

  const hostnameExpr = attr('hostname');
  const hostname = hostnameExpr ? lowerExpr(state, scope, hostnameExpr) : { interpolate: [`${name.replace(/_/g, '-')}-`, ref('instance', 'index')] };
  const arrayVarsExpr = attr('vars');
  const arrayVars = arrayVarsExpr ? lowerExpr(state, scope, arrayVarsExpr) : lit({});
  const overrides = new Map<number, { vars?: Ir; hostname?: Ir }>();
  for (const b of blocksNamed(body, 'instance')) {
    const index = Number(b.labels[0]?.text ?? '0');
    const v = attributeOf(b.body, 'vars')?.value;
    const h = attributeOf(b.body, 'hostname')?.value;
    overrides.set(index, { ...(v ? { vars: lowerExpr(state, scope, v) } : {}), ...(h ? { hostname: lowerExpr(state, scope, h) } : {}) });
  }
  const callContext = state.callContext(scope.file);
  const instances: PlanInstance[] = [];
  for (let i = 0; i < count; i++) {
    const o = overrides.get(i);
    const at = (ir: Ir): Ir => foldDeep(substituteRef(ir, ['instance', 'index'], lit(i)), callContext);
    instances.push({ index: i, hostname: at(o?.hostname ?? hostname), vars: at(mergeVars([infraVars, arrayVars, ...(o?.vars ? [o.vars] : [])])) });
  }

  const template = state.facts.templateOf(block);
  const planTemplate = resolveTemplate(state, template, boot);
  const source = state.location(scope.file, block.labels[0]?.span ?? block.span);
  const hooks = body.entries.filter((e): e is Hook => e.kind === 'Hook' && ARRAY_PHASES.has(e.phase.text));
  const models = hookModels(state, scope, hooks, `${infrastructure}/${name}`);
  const provision = models.find((h) => h.phase === 'provision');
  const info: ArrayInfo = {
    infrastructure,
    name,
    boot,
    templateName: planTemplate.name,
    template,
    ready: planTemplate.ready,
    ports,
    source,
  };
  return {
    name,
    block,
    info,
    plan: {
      count,
      demands,
      tags,
      spread,
      preferred,
      boot,
      template: planTemplate,
      ports,
      shut: 'others',
      hostname,
      instances,
      rollout,
      group: `${infrastructure}/${name}`,
      source,
    },
    ...(provision ? { provision } : {}),
    deprovision: models.filter((h) => h.phase === 'deprovision'),
    scope,
  };
}

/** `vars` merged key by key, the later (narrower) winning; folded when every part is known. */
function mergeVars(parts: readonly Ir[]): Ir {
  if (parts.every(isLit)) {
    const out: Record<string, Value> = {};
    for (const p of parts) if (isLit(p) && isObject(p.lit)) Object.assign(out, p.lit);
    return lit(out);
  }
  return call('merge', parts);
}

function readyOf(def: OsTemplateDef): PlanReady {
  const r = def.ready;
  return r.method === 'ssh' ? { method: 'ssh', port: r.port, timeout_ms: r.timeout } : { method: 'callback', timeout_ms: r.timeout };
}

function resolveTemplate(state: LowerState, target: TemplateTarget | undefined, boot: BootMethod): PlanTemplate {
  const mechanism = boot === 'pxe_iscsi' ? 'iscsi_root' : 'local_install';
  const diskless = boot === 'pxe_iscsi';
  if (!target) {
    return { kind: 'builtin', name: '', installer: '', mechanism, diskless, ready: { method: 'ssh', port: 22, timeout_ms: 1_200_000 } };
  }
  if (target.kind === 'builtin') {
    return { kind: 'builtin', name: target.def.name, installer: target.def.installer, mechanism, diskless, ready: readyOf(target.def) };
  }
  const scope: Scope = { file: target.file, values: new Map(), steps: new Map(), hooks: new Map() };
  const body = target.template.body;
  const attr = (n: string) => attributeOf(body, n)?.value;
  const base = state.facts.baseOf(target.template);
  const bootMethodsExpr = attr('boot_methods');
  const bootMethodsValue = bootMethodsExpr ? constantOf(state, scope, bootMethodsExpr, '`boot_methods`') : undefined;
  const bootMethods = (Array.isArray(bootMethodsValue) ? bootMethodsValue : (base?.bootMethods ?? [])) as BootMethod[];
  const varsExpr = attr('vars');
  const assets: Record<string, PlanAsset> = {};
  for (const block of blocksNamed(body, 'asset')) {
    const a = (n: string) => attributeOf(block.body, n)?.value;
    const content = a('content');
    const url = a('url');
    const sha = a('sha256');
    assets[blockLabel(block)] = {
      path: constantString(state, scope, a('path'), 'an asset\'s `path`', ''),
      ...(content ? { content: lowerExpr(state, scope, content) } : {}),
      ...(url ? { url: constantString(state, scope, url, 'an asset\'s `url`', '') } : {}),
      ...(sha ? { sha256: constantString(state, scope, sha, 'an asset\'s `sha256`', '') } : {}),
      mode: constantString(state, scope, a('mode'), 'an asset\'s `mode`', '0644'),
    };
  }
  return {
    kind: 'custom',
    name: target.symbol.name,
    base: base?.name ?? '',
    installer: base?.installer ?? '',
    mechanism,
    diskless,
    boot_methods: bootMethods,
    assets,
    vars: varsExpr ? lowerExpr(state, scope, varsExpr) : lit({}),
    ready: customReady(state, scope, target.template, base),
    steps: body.entries.flatMap((e) => (e.kind === 'Step' ? [e.name.text] : [])),
  };
}

/** `ready = std.ready.ssh(port, timeout)` or `std.ready.callback(timeout)`; the base's check when absent. */
function customReady(state: LowerState, scope: Scope, template: OsTemplate, base: OsTemplateDef | undefined): PlanReady {
  const fallback: PlanReady = base ? readyOf(base) : { method: 'ssh', port: 22, timeout_ms: 1_200_000 };
  const ready = state.facts.readyCheckOf(template);
  if (!ready) return fallback;
  const args = stepArgs(state, scope, ready.def, ready.call);
  const num = (ir: Ir | undefined, d: number): number => (ir && isLit(ir) && typeof ir.lit === 'number' ? ir.lit : d);
  if (ready.def.name === 'std.ready.callback') return { method: 'callback', timeout_ms: num(args.timeout, fallback.timeout_ms) };
  return { method: 'ssh', port: num(args.port, 22), timeout_ms: num(args.timeout, fallback.timeout_ms) };
}
