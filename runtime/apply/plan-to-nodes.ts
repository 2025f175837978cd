import type { Plan, PlanStep } from '../../compiler/plan/index.ts';
import { isList, isObject, valueKind, type Value } from '../../stdlib/index.ts';
import { evaluate, evaluateAll } from '../eval/index.ts';
import { errorMessage, type ExecContext, type ExecNode, type GroupSpec, type Outputs } from '../executor/index.ts';
import { BUILTIN_HANDLERS, DEFAULT_STEP_TIMEOUTS_MS, StepError, type HandlerTable, type ResolvedInstance, type StepContext, type StepRuntime } from '../steps/index.ts';
import { instanceKey, stepInstanceKey } from './apply-context.ts';
import { childId, expansionOutputs, forEachEntries, type ForEachEntry } from './for-each.ts';
import { resourcesOf } from './node-resources.ts';
import type { PlanRunContext } from './plan-run-context.ts';
import { resolvedKey, type RunFacts } from './run-facts.ts';
import { StepEnvironments } from './step-env.ts';

export interface PlanToNodesOptions {
  readonly plan: Plan;
  /** Which DAG: `deploy` (`plan.steps`) or `destroy` (`plan.destroy.steps`). */
  readonly section: 'deploy' | 'destroy';
  /** The steps of that DAG this run carries out (default: all of them); needs on the others count as met. */
  readonly steps?: readonly PlanStep[];
  readonly facts: RunFacts;
  readonly context: PlanRunContext;
  readonly runtime: StepRuntime;
  /** Handlers by kind, over BUILTIN_HANDLERS: the inventory, SSH, HTTP and hook kinds come from the apply layer. */
  readonly handlers?: HandlerTable;
  /** Per-attempt timeouts by kind for steps whose plan sets none, over DEFAULT_STEP_TIMEOUTS_MS. */
  readonly timeouts?: Readonly<Record<string, number>>;
}

export interface PlanToNodesResult {
  readonly nodes: ExecNode[];
  /** Why the run cannot start (a kind with no handler, an instance with no facts); run nothing when there are any. */
  readonly problems: readonly string[];
}

type Base = Omit<ExecNode, 'run'>;

/**
 * Turns the plan's steps into the executor's nodes (docs/runtime.md, "Steps
 * at run time"): ids, needs and groups from the plan, resources from the
 * resolved facts, and a `run` that evaluates `when` and the arguments at
 * run time and calls the step kind's handler. A `for_each` step becomes one
 * node per element, `ID[key]`, plus a node `ID` that waits for them all
 * (what needs on the step need) — or, when the collection reads outputs of
 * earlier steps, one node `ID` that expands it while running and journals
 * each child as its own step.
 */
export function planToNodes(options: PlanToNodesOptions): PlanToNodesResult {
  const { plan, section, facts, context: run, runtime } = options;
  const listed = section === 'deploy' ? plan.steps : plan.destroy.steps;
  const steps = options.steps ?? listed;
  // A way back instantiated for an index the plan does not list (an instance beyond the count) is as much the plan's.
  const known = new Set(listed.map((s) => s.id));
  const all = [...listed, ...steps.filter((s) => !known.has(s.id))];
  const included = new Set(steps.map((s) => s.id));
  const handlers: HandlerTable = { ...BUILTIN_HANDLERS, ...options.handlers };
  const timeouts = { ...DEFAULT_STEP_TIMEOUTS_MS, ...options.timeouts };
  const envs = new StepEnvironments(plan, section, facts, run, new Set(all.filter((s) => s.for_each !== undefined).map((s) => s.id)), all);
  const problems: string[] = [];

  const instances = new Map<string, ResolvedInstance>();
  for (const infra of Object.values(facts.infrastructures)) for (const i of infra.instances) instances.set(resolvedKey(i), i);
  for (const p of Object.values(plan.params)) if (p.sensitive) for (const s of stringsOf(p.value)) run.addSecret(s);

  const missing = new Map<string, string[]>();
  const nodes: ExecNode[] = [];
  for (const step of steps) {
    const handler = handlers[step.kind];
    if (handler === undefined) {
      missing.set(step.kind, [...(missing.get(step.kind) ?? []), step.id]);
      continue;
    }
    if (facts.infrastructures[step.infrastructure] === undefined) {
      problems.push(`${step.id}: the run has no resolved facts for infrastructure ${step.infrastructure}`);
      continue;
    }
    const key = stepInstanceKey(step);
    const instance = key === undefined ? undefined : instances.get(key);
    if (key !== undefined && instance === undefined) {
      problems.push(`${step.id}: the run has no resolved facts for instance ${key}`);
      continue;
    }
    const infraInstances = facts.infrastructures[step.infrastructure]?.instances ?? [];
    const base = baseNode(step, instance, included, plan, timeouts);

    const runStep = stepRunner(step, instance, handler, envs, run, runtime);

    if (step.for_each === undefined) {
      nodes.push({ ...base, resources: resourcesOf(step, instance, infraInstances, envs.staticEnv(step, instance)), run: nodeRun(runStep, undefined, step.id) });
      continue;
    }
    const known = staticEntries(step, envs, instance);
    if (known === undefined) {
      nodes.push({
        ...base,
        resources: resourcesOf(step, instance, infraInstances, envs.staticEnv(step, instance)),
        run: (ctx) => runExpanding(step, instance, ctx, envs, run, runStep),
      });
      continue;
    }
    const children = known.entries.map((each) => childId(step.id, each.key));
    known.entries.forEach((each, i) => {
      nodes.push({
        ...base,
        id: children[i] as string,
        resources: resourcesOf(step, instance, infraInstances, envs.staticEnv(step, instance, each)),
        run: nodeRun(runStep, each, children[i] as string),
      });
    });
    // The step itself: done when every element is; it holds nothing.
    const join: ExecNode = {
      id: step.id,
      needs: children.length > 0 ? children : (base.needs ?? []),
      ...(children.length === 0 && base.needsGroup ? { needsGroup: base.needsGroup } : {}),
      ...(base.group ? { group: base.group } : {}),
      waitsOnly: true,
      idempotent: true,
      run: async () => expansionOutputs(known.entries, known.list),
    };
    nodes.push(join);
  }
  for (const [kind, ids] of missing) {
    problems.push(`no handler for step kind ${kind} (${ids.length} step${ids.length === 1 ? '' : 's'}: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})`);
  }
  return { nodes, problems };
}

function stringsOf(v: Value): string[] {
  if (typeof v === 'string') return [v];
  if (isList(v)) return v.flatMap(stringsOf);
  if (isObject(v)) return Object.values(v).flatMap(stringsOf);
  return [];
}

function baseNode(step: PlanStep, instance: ResolvedInstance | undefined, included: ReadonlySet<string>, plan: Plan, timeouts: Readonly<Record<string, number>>): Base {
  const timeout = step.timeout_ms ?? timeouts[step.kind];
  const rollout = step.target === undefined ? undefined : plan.infrastructures[step.infrastructure]?.arrays[step.target.array]?.rollout;
  const group: GroupSpec | undefined =
    step.group === undefined || step.target === undefined
      ? undefined
      : {
          name: step.group,
          member: instanceKey(step.infrastructure, step.target.array, step.target.index),
          ...(rollout?.max_parallel !== undefined ? { maxParallel: rollout.max_parallel } : {}),
          maxFailures: rollout?.max_failures ?? 0,
        };
  const check = checkOf(step, instance);
  return {
    id: step.id,
    // The plan's own list when the run has every step it names (the usual case): one array fewer per node.
    needs: step.needs.every((n) => included.has(n)) ? step.needs : step.needs.filter((n) => included.has(n)),
    ...(step.needs_groups && step.needs_groups.length > 0 ? { needsGroup: step.needs_groups.map((name) => ({ name, tolerateFailures: true })) } : {}),
    waitsOnly: step.waits_only,
    idempotent: step.idempotent,
    ...(step.retry ? { retry: { attempts: step.retry.attempts, backoffMs: step.retry.backoff_ms, maxBackoffMs: step.retry.max_backoff_ms } } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
    ...(group ? { group } : {}),
    ...(check !== undefined ? { check } : {}),
  };
}

/** The elements of a `for_each` known before the run (it reads no step or hook output), or undefined. */
function staticEntries(step: PlanStep, envs: StepEnvironments, instance: ResolvedInstance | undefined): { entries: ForEachEntry[]; list: boolean } | undefined {
  if (step.for_each === undefined) return undefined;
  try {
    return forEachEntries(evaluate(step.for_each, envs.staticEnv(step, instance)).value, step.id);
  } catch {
    // It reads outputs (or is wrong): expanded while running, where an error fails the step with its message.
    return undefined;
  }
}

type RunStep = (each: ForEachEntry | undefined, id: string, ctx: ExecContext) => Promise<Outputs>;

/**
 * What runs a node of `step`. Made by a function rather than written inline
 * (and the nodes' `run` by `nodeRun`) so that each is an anonymous function:
 * under tsx (esbuild `keepNames`) every function bound to a name or key gets
 * its `name` redefined, which costs a dictionary-mode property table (~250 B)
 * per function — two per node, ~45 MB at 90,000 nodes.
 */
function stepRunner(step: PlanStep, instance: ResolvedInstance | undefined, handler: HandlerTable[string], envs: StepEnvironments, run: PlanRunContext, runtime: StepRuntime): RunStep {
  return async (each, id, ctx) => {
    const log = (line: string): void => ctx.log(run.mask(line));
    try {
      const env = envs.envFor(step, instance, each, ctx);
      if (step.when !== undefined) {
        const when = evaluate(step.when, env).value;
        if (typeof when !== 'boolean') throw new StepError(`${id}: \`when\` must be a bool, got ${valueKind(when)}`);
        if (!when) {
          log('skipped: `when` is false');
          return {};
        }
      }
      const args: Record<string, Value> = {};
      for (const [name, e] of Object.entries(evaluateAll(step.args, env))) {
        args[name] = e.value;
        if (e.secret) {
          run.addTainted(e.value);
          run.secretOutputs.add(step.id).add(id);
        }
      }
      const stepCtx: StepContext = {
        stepId: id,
        kind: step.kind,
        attempt: ctx.attempt,
        signal: ctx.signal,
        log,
        infrastructure: step.infrastructure,
        instance,
        runtime,
        earlierOutputs: (kind) => envs.earlierOutputs(step, kind, ctx),
        addSecret: (value) => run.addSecret(value),
        secrets: () => run.secretValues(),
        masker: () => run.currentMasker,
      };
      const outputs = await handler(args, stepCtx);
      if (!isObject(outputs)) throw new StepError(`${id}: the handler of ${step.kind} returned ${valueKind(outputs)} instead of an object of outputs`);
      return run.maskValue(outputs);
    } catch (error) {
      throw run.maskError(error);
    }
  };
}

function nodeRun(runStep: RunStep, each: ForEachEntry | undefined, id: string): ExecNode['run'] {
  return (ctx) => runStep(each, id, ctx);
}

/**
 * A `for_each` over values known only while running: evaluates the
 * collection, then runs each element in order as `ID[key]`, reporting its
 * start, end and log lines to the run's observers like a node of its own.
 * Elements that succeeded (in an earlier attempt, or in the run resumed)
 * are not run again.
 */
async function runExpanding(step: PlanStep, instance: ResolvedInstance | undefined, ctx: ExecContext, envs: StepEnvironments, run: PlanRunContext, runStep: RunStep): Promise<Outputs> {
  let expansion: { entries: ForEachEntry[]; list: boolean };
  try {
    expansion = forEachEntries(evaluate(step.for_each!, envs.envFor(step, instance, undefined, ctx)).value, step.id);
  } catch (error) {
    throw run.maskError(error);
  }
  for (const each of expansion.entries) {
    const id = childId(step.id, each.key);
    const earlier = run.childOutputs.get(id);
    if (earlier !== undefined) continue;
    const resumed = run.resumed.get(id);
    if (resumed !== undefined) {
      run.childOutputs.set(id, resumed);
      run.emit({ type: 'resumed', id, outputs: resumed, at: run.time() });
      continue;
    }
    const attempt = ctx.attempt;
    const started = run.time();
    const check = checkOf(step, instance);
    const start = { type: 'start', id, attempt, idempotent: step.idempotent, ...(check !== undefined ? { check } : {}), at: started } as const;
    run.emit(start);
    await run.beforeEffect(start);
    const child: ExecContext = {
      signal: ctx.signal,
      attempt,
      outputsOf: ctx.outputsOf,
      log: (line) => run.emit({ type: 'log', id, attempt, line, at: run.time() }),
    };
    try {
      const outputs = await runStep(each, id, child);
      run.childOutputs.set(id, outputs);
      run.emit({ type: 'success', id, attempt, outputs, durationMs: run.time() - started, at: run.time() });
    } catch (error) {
      const message = errorMessage(error);
      const durationMs = run.time() - started;
      if (ctx.signal.aborted) run.emit({ type: 'stopped', id, attempt, ran: true, error: message, durationMs, at: run.time() });
      else run.emit({ type: 'failure', id, attempt, error: message, timedOut: false, durationMs, at: run.time() });
      const retryable = !(typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false);
      throw new StepError(`${id} failed: ${message}`, { retryable });
    }
  }
  return expansionOutputs(expansion.entries, expansion.list);
}

/** For a non-idempotent step: what a person checks when a crash leaves it in doubt. */
function checkOf(step: PlanStep, instance: ResolvedInstance | undefined): string | undefined {
  if (step.idempotent) return undefined;
  return `whether ${step.kind} (${step.source.file}:${step.source.start.line}) took effect${instance ? ` on ${instance.hostname}` : ''}`;
}
