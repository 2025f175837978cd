import { walk, type Body, type Call, type Expr, type Step } from '../../grammar/index.ts';
import { PROVISION_DEFAULT_SEQUENCE, provisionStepOf, type StepDef } from '../../stdlib/index.ts';
import type { MbpSymbol } from '../binder/index.ts';
import {
  hookOutputsRead,
  isLit,
  ref,
  stepKindInfo,
  type Ir,
  type PlanRetry,
  type PlanStep,
  type SourceLocation,
  type StepPhase,
} from '../plan/index.ts';
import { lowerExpr } from './expr.ts';
import { osOutputs, provisionArgs, type ArrayInfo } from './provision.ts';
import type { LowerState, Scope, StepBinding } from './state.ts';
import { stepArgs } from './step-args.ts';
import { andWhen, stepOptions, type StepOptions } from './step-options.ts';
import type { WorkflowTarget } from '../checker/index.ts';
import { stepCallTarget } from './targets.ts';

/** What every step of one expansion shares: where it runs and under which conditions. */
export interface StepBase {
  readonly phase: StepPhase;
  readonly infrastructure: string;
  readonly target?: { readonly array: string; readonly index: number };
  readonly group?: string;
  readonly hook?: string;
  readonly level?: number;
  /** Inherited condition (the hook's `when`, a calling step's `when`). */
  readonly when?: Ir;
  /** Inherited from a step that runs a workflow with `for_each`. */
  readonly forEach?: Ir;
  /** Inherited from a step that runs a workflow: the default of its sub-steps. */
  readonly retry?: PlanRetry;
  readonly timeoutMs?: number;
}

/** What an expansion reads beyond its own body. */
export interface Expansion {
  readonly state: LowerState;
  /** Hook symbols of the infrastructure → hook ids (`vips.address`). */
  readonly hooks: ReadonlyMap<MbpSymbol, string>;
  /** Hook id → the steps to wait for before reading its outputs. */
  readonly hookSinks: ReadonlyMap<string, readonly string[]>;
  /** The array of the instance being provisioned, for `std.provision.*`. */
  readonly array?: ArrayInfo;
  /** Nesting of workflow calls (a guard against a cycle the checker missed). */
  readonly depth: number;
}

/** Steps and the ids a later step waits for to come after all of them. */
export interface Fragment {
  readonly steps: readonly PlanStep[];
  readonly sinks: readonly string[];
}

const MAX_DEPTH = 32;

const sortedUnique = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();

/** Ids of the fragment's steps that no other step of it waits for; the entry needs when there are none. */
function sinksOf(steps: readonly PlanStep[], entryNeeds: readonly string[]): string[] {
  if (steps.length === 0) return [...entryNeeds];
  const needed = new Set(steps.flatMap((s) => s.needs));
  return steps.map((s) => s.id).filter((id) => !needed.has(id));
}

export function makeStep(
  base: StepBase,
  fields: {
    readonly id: string;
    readonly kind: string;
    readonly args: Readonly<Record<string, Ir>>;
    readonly needs: readonly string[];
    readonly options: StepOptions;
    readonly source: SourceLocation;
  },
): PlanStep {
  const info = stepKindInfo(fields.kind);
  const when = andWhen(base.when, fields.options.when);
  const forEach = fields.options.forEach ?? base.forEach;
  const retry = fields.options.retry ?? base.retry;
  const timeout = fields.options.timeoutMs ?? base.timeoutMs;
  return {
    id: fields.id,
    kind: fields.kind,
    phase: base.phase,
    infrastructure: base.infrastructure,
    ...(base.target ? { target: { ...base.target } } : {}),
    args: fields.args,
    needs: sortedUnique(fields.needs),
    ...(base.group !== undefined ? { group: base.group } : {}),
    ...(base.hook !== undefined ? { hook: base.hook } : {}),
    ...(base.level !== undefined ? { level: base.level } : {}),
    ...(retry ? { retry } : {}),
    ...(timeout !== undefined ? { timeout_ms: timeout } : {}),
    ...(when ? { when } : {}),
    ...(forEach ? { for_each: forEach } : {}),
    idempotent: info?.idempotent ?? false,
    resource: info?.resource ?? 'none',
    waits_only: info?.waitsOnly ?? false,
    source: fields.source,
  };
}

/** The default sequence `power_off → … → wait_ready`, then the template's own steps (`std.provision.os`, or an array without a workflow). */
export function expandDefaultSequence(
  ex: Expansion,
  base: StepBase,
  prefix: string,
  entryNeeds: readonly string[],
  source: SourceLocation,
  node: Ir = ref('instance'),
): Fragment & { readonly outputs: ReadonlyMap<string, Ir> } {
  const info = ex.array;
  const steps: PlanStep[] = [];
  if (!info) {
    ex.state.report('MBP9001', ex.state.program.entries[0] ?? '', { start: 0, end: 0 }, {
      stage: 'lowering',
      detail: `\`std.provision.os\` at ${source.file}:${source.start.line} runs outside an instance array's provisioning`,
    });
    return { steps, sinks: [...entryNeeds], outputs: osOutputs(prefix) };
  }
  let previous = [...entryNeeds];
  for (const name of PROVISION_DEFAULT_SEQUENCE) {
    const id = `${prefix}/${name}`;
    steps.push(makeStep(base, { id, kind: `std.provision.${name}`, args: provisionArgs(name, node, info), needs: previous, options: {}, source }));
    previous = [id];
  }
  const template = info.template;
  if (template?.kind === 'custom') {
    const scope: Scope = { file: template.file, values: new Map(), steps: new Map(), hooks: new Map() };
    const own = expandSteps(ex, base, template.template.body, scope, `${prefix}/template`, previous);
    steps.push(...own.steps);
    return { steps, sinks: own.sinks, outputs: osOutputs(prefix) };
  }
  return { steps, sinks: previous, outputs: osOutputs(prefix) };
}

/** A workflow's steps with its parameters bound to `args` (values by parameter name), and its outputs. */
export function expandWorkflow(
  ex: Expansion,
  base: StepBase,
  target: WorkflowTarget,
  args: ReadonlyMap<string, Ir>,
  prefix: string,
  entryNeeds: readonly string[],
): Fragment & { readonly outputs: ReadonlyMap<string, Ir> } {
  const { state } = ex;
  if (ex.depth > MAX_DEPTH) {
    state.internal(target.file, target.workflow.name.span, `workflow \`${target.workflow.name.text}\` calls itself (nested ${MAX_DEPTH} deep)`);
    return { steps: [], sinks: [...entryNeeds], outputs: new Map() };
  }
  const values = new Map<MbpSymbol, Ir>();
  for (const p of target.workflow.params) {
    const symbol = state.facts.resolve(p);
    if (!symbol) continue;
    const given = args.get(p.name.text);
    if (given) values.set(symbol, given);
    else if (p.default) {
      values.set(symbol, lowerExpr(state, { file: target.file, values: new Map(), steps: new Map(), hooks: new Map() }, p.default));
    }
  }
  const scope: Scope = { file: target.file, values, steps: new Map(), hooks: ex.hooks };
  const fragment = expandSteps({ ...ex, depth: ex.depth + 1 }, base, target.workflow.body, scope, prefix, entryNeeds);
  const outputs = new Map<string, Ir>();
  for (const e of target.workflow.body.entries) {
    if (e.kind === 'Output') outputs.set(e.name.text, lowerExpr(state, fragment.scope, e.value));
  }
  return { steps: fragment.steps, sinks: fragment.sinks, outputs };
}

/** The arguments of a workflow call by parameter name: positional ones in parameter order, then named ones. */
export function workflowCallArgs(state: LowerState, scope: Scope, target: WorkflowTarget, call: Call, via: 'direct' | 'std.workflow.call'): Map<string, Ir> {
  const args = new Map<string, Ir>();
  if (via === 'direct') {
    call.args.forEach((a, i) => {
      const p = target.workflow.params[i];
      if (p) args.set(p.name.text, lowerExpr(state, scope, a));
    });
    for (const n of call.named) args.set(n.name.text, lowerExpr(state, scope, n.value));
    return args;
  }
  const map = call.args[1] ?? call.named.find((n) => n.name.text === 'args')?.value;
  if (!map) return args;
  const ir = lowerExpr(state, scope, map);
  if ('object' in ir) for (const [k, v] of ir.object) args.set(k, v);
  else if (isLit(ir) && ir.lit !== null && typeof ir.lit === 'object' && !Array.isArray(ir.lit)) {
    for (const [k, v] of Object.entries(ir.lit)) args.set(k, { lit: v });
  } else state.report('MBP2064', scope.file, map.span, { what: 'the argument map of `std.workflow.call`' });
  return args;
}

/**
 * The steps of a workflow or os_template body. Each runs after the one
 * written before it unless `after` says otherwise; a step whose arguments
 * read another step's outputs also waits for it. Steps that run a workflow
 * (or `std.provision.os`) expand in place under their own id.
 */
export function expandSteps(
  ex: Expansion,
  base: StepBase,
  body: Body,
  outer: Scope,
  prefix: string,
  entryNeeds: readonly string[],
): Fragment & { readonly scope: Scope } {
  const { state } = ex;
  const decls = body.entries.filter((e): e is Step => e.kind === 'Step');
  const symbols = decls.map((d) => state.facts.resolve(d));
  const indexOf = new Map<MbpSymbol, number>();
  symbols.forEach((s, i) => {
    if (s) indexOf.set(s, i);
  });
  const preds = decls.map((d, i) => predecessors(ex, d, i, indexOf));
  const order = topologicalOrder(ex, decls, preds, outer.file);

  const bindings = new Map(outer.steps);
  const scope: Scope = { ...outer, steps: bindings };
  const steps: PlanStep[] = [];
  for (const i of order) {
    const decl = decls[i] as Step;
    const id = `${prefix}/${decl.name.text}`;
    const source = state.location(outer.file, decl.span);
    let needs: string[] = [];
    for (const p of preds[i] ?? []) needs.push(...(bindings.get(symbols[p] as MbpSymbol)?.sinks ?? []));
    if ((preds[i]?.size ?? 0) === 0) needs = [...entryNeeds];
    const options = stepOptions(state, scope, decl.options);
    if (options.forEach && base.forEach) {
      state.internal(outer.file, decl.span, 'a step with `for_each` inside a workflow run with `for_each` (nested expansion)');
    }
    const produced = expandStep(ex, base, decl, scope, id, needs, options, source);
    steps.push(...produced.steps);
    const symbol = symbols[i];
    if (symbol) bindings.set(symbol, { id, sinks: produced.sinks, ...(produced.outputs ? { outputs: produced.outputs } : {}) });
  }
  return { steps, sinks: sinksOf(steps, entryNeeds), scope };
}

function expandStep(
  ex: Expansion,
  base: StepBase,
  decl: Step,
  scope: Scope,
  id: string,
  needs: readonly string[],
  options: StepOptions,
  source: SourceLocation,
): Fragment & { readonly outputs?: ReadonlyMap<string, Ir> } {
  const { state } = ex;
  if (decl.call.kind !== 'Call') {
    state.internal(scope.file, decl.span, `step \`${decl.name.text}\` has no call`);
    return { steps: [], sinks: [...needs] };
  }
  const call = decl.call;
  const target = stepCallTarget(state.facts, decl);
  if (!target) {
    state.internal(scope.file, call.callee.span, `step \`${decl.name.text}\` calls neither a step kind nor a workflow`);
    return { steps: [], sinks: [...needs] };
  }
  // What the sub-steps of a workflow (or of `std.provision.os`) inherit from the step that runs it.
  const when = andWhen(base.when, options.when);
  const forEach = options.forEach ?? base.forEach;
  const retry = options.retry ?? base.retry;
  const timeoutMs = options.timeoutMs ?? base.timeoutMs;
  const inherited: StepBase = {
    ...base,
    ...(when ? { when } : {}),
    ...(forEach ? { forEach } : {}),
    ...(retry ? { retry } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
  if (target.kind === 'workflow') {
    const args = workflowCallArgs(state, scope, target.target, call, target.via);
    const extra = hookNeeds(ex.hookSinks, [...args.values()]);
    const fragment = expandWorkflow(ex, inherited, target.target, args, id, [...needs, ...extra]);
    return fragment;
  }
  const def = target.def;
  const provision = provisionStepOf(def.name);
  if (provision === 'os') {
    const node = call.args[0] ?? call.named[0]?.value;
    return expandDefaultSequence(ex, inherited, id, needs, source, node ? lowerExpr(state, scope, node) : ref('instance'));
  }
  const args = provision !== undefined && ex.array ? provisionCallArgs(ex, scope, def, call, provision) : stepArgs(state, scope, def, call);
  const data = hookNeeds(ex.hookSinks, [...Object.values(args), ...(options.when ? [options.when] : []), ...(options.forEach ? [options.forEach] : [])]);
  const step = makeStep(base, { id, kind: def.name, args, needs: [...needs, ...data], options, source });
  return { steps: [step], sinks: [id] };
}

function provisionCallArgs(ex: Expansion, scope: Scope, def: StepDef, call: Call, step: Exclude<ReturnType<typeof provisionStepOf>, 'os' | undefined>): Record<string, Ir> {
  const given = stepArgs(ex.state, scope, def, call);
  return provisionArgs(step, given.node ?? ref('instance'), ex.array as ArrayInfo);
}

/** The steps to wait for before reading the hook outputs these values read. */
export function hookNeeds(hookSinks: ReadonlyMap<string, readonly string[]>, values: readonly Ir[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const hook of hookOutputsRead(v)) out.push(...(hookSinks.get(hook) ?? []));
  return out;
}

/** The steps a step runs after: those named by `after` (or the one written before), and those whose outputs it reads. */
function predecessors(ex: Expansion, decl: Step, index: number, indexOf: ReadonlyMap<MbpSymbol, number>): Set<number> {
  const preds = new Set<number>();
  const after = decl.options?.entries.find((e) => e.kind === 'Attribute' && e.name.text === 'after');
  if (after?.kind === 'Attribute') {
    const items: readonly Expr[] = after.value.kind === 'ListExpr' ? after.value.items : [after.value];
    for (const item of items) {
      const s = ex.state.facts.resolve(item);
      const i = s ? indexOf.get(s) : undefined;
      if (i !== undefined && i !== index) preds.add(i);
    }
  } else if (index > 0) preds.add(index - 1);
  const reads = (root: Call | Expr | Step['options']): void => {
    if (!root) return;
    walk(root, (node) => {
      if (node.kind !== 'Ref') return;
      const s = ex.state.facts.resolve(node);
      const i = s ? indexOf.get(s) : undefined;
      if (i !== undefined && i !== index) preds.add(i);
    });
  };
  reads(decl.call);
  for (const e of decl.options?.entries ?? []) {
    if (e.kind === 'Attribute' && e.name.text !== 'after') reads(e.value);
  }
  return preds;
}

/** Written order, except that a step comes after the steps it waits for (Kahn's algorithm, lowest index first). */
function topologicalOrder(ex: Expansion, decls: readonly Step[], preds: readonly Set<number>[], file: string): number[] {
  const done = new Set<number>();
  const order: number[] = [];
  while (order.length < decls.length) {
    let next = -1;
    for (let i = 0; i < decls.length; i++) {
      if (done.has(i)) continue;
      if ([...(preds[i] ?? [])].every((p) => done.has(p))) {
        next = i;
        break;
      }
    }
    if (next < 0) {
      // A cycle (the checker reports it as MBP3012): break it at the first step left, which
      // then waits only for the steps already placed.
      next = [...Array(decls.length).keys()].find((i) => !done.has(i)) as number;
      ex.state.internal(file, (decls[next] as Step).span, `steps depend on each other in a cycle around \`${(decls[next] as Step).name.text}\``);
    }
    done.add(next);
    order.push(next);
  }
  return order;
}
