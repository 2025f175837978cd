import type { Plan, PlanHook, PlanStep } from '../../compiler/plan/index.ts';
import type { Value, ValueObject } from '../../stdlib/index.ts';
import { EvalError, evaluateAll, type EvalEnv } from '../eval/index.ts';
import type { ExecContext, Outputs } from '../executor/index.ts';
import type { ResolvedInstance } from '../steps/index.ts';
import { gatherOutputs, type ForEachEntry } from './for-each.ts';
import { stepInstanceKey } from './apply-context.ts';
import type { PlanRunContext } from './plan-run-context.ts';
import { infrastructureRoots, instanceValue, type RunFacts } from './run-facts.ts';

/**
 * The values a step's deferred expressions read at run time: the `ref`
 * roots from the run's facts, step outputs from the executor (a `for_each`
 * step's gathered from its children), hook outputs evaluated from the
 * hook's workflow outputs once its steps have run, and secrets through the
 * run context, which masks them from then on.
 */
export class StepEnvironments {
  private readonly roots = new Map<string, Record<string, Value>>();
  private readonly hooks = new Map<string, PlanHook & { readonly infrastructure: string }>();
  private readonly hookCache = new Map<string, ValueObject>();
  /** Per instance key, its steps in plan order: where `earlierOutputs` looks. */
  private readonly byInstance = new Map<string, readonly PlanStep[]>();

  constructor(
    private readonly plan: Plan,
    private readonly section: 'deploy' | 'destroy',
    private readonly facts: RunFacts,
    private readonly run: PlanRunContext,
    /** Ids of the steps with `for_each`. */
    private readonly forEach: ReadonlySet<string>,
    allSteps: readonly PlanStep[],
  ) {
    for (const [infrastructure, infra] of Object.entries(plan.infrastructures)) {
      for (const h of infra.hooks) this.hooks.set(h.id, { ...h, infrastructure });
    }
    for (const s of allSteps) {
      const key = stepInstanceKey(s);
      if (key === undefined) continue;
      this.byInstance.set(key, [...(this.byInstance.get(key) ?? []), s]);
    }
  }

  /** The `ref` roots of an infrastructure (`array`, `network`, `subnet`, `param`, `deployment`). */
  rootsOf(infrastructure: string): Record<string, Value> {
    let roots = this.roots.get(infrastructure);
    if (roots === undefined) {
      const facts = this.facts.infrastructures[infrastructure] ?? { instances: [], networks: [], subnets: [], added: [], removed: [] };
      roots = infrastructureRoots(this.plan, infrastructure, facts, this.section);
      this.roots.set(infrastructure, roots);
    }
    return roots;
  }

  /** Roots only, for what is known before the run (a `for_each` over instances, a resource key); reading outputs or secrets fails. */
  staticEnv(step: PlanStep, instance: ResolvedInstance | undefined, each?: ForEachEntry): EvalEnv {
    return { roots: this.stepRoots(step, instance, each) };
  }

  envFor(step: PlanStep, instance: ResolvedInstance | undefined, each: ForEachEntry | undefined, ctx: ExecContext): EvalEnv {
    return {
      roots: this.stepRoots(step, instance, each),
      stepOutputs: (id) => this.outputsOf(id, ctx),
      hookOutputs: (id) => this.hookOutputsOf(id, ctx),
      secret: (name) => this.run.secret(name),
      secretOutputs: this.run.secretOutputs,
    };
  }

  outputsOf(id: string, ctx: Pick<ExecContext, 'outputsOf'>): ValueObject | undefined {
    const own = (x: string): Outputs | undefined => ctx.outputsOf(x) ?? this.run.childOutputs.get(x) ?? this.run.resumed.get(x);
    const outputs = own(id);
    if (outputs === undefined || !this.forEach.has(id)) return outputs;
    return gatherOutputs(id, outputs, own);
  }

  /** A hook's outputs once every step they read has succeeded (undefined before: the evaluator says it has not run). */
  hookOutputsOf(id: string, ctx: Pick<ExecContext, 'outputsOf'>): ValueObject | undefined {
    const cached = this.hookCache.get(id);
    if (cached !== undefined) return cached;
    const hook = this.hooks.get(id);
    if (hook === undefined) return undefined;
    const env: EvalEnv = {
      roots: this.rootsOf(hook.infrastructure),
      stepOutputs: (s) => this.outputsOf(s, ctx),
      hookOutputs: (h) => this.hookOutputsOf(h, ctx),
      secret: (name) => this.run.secret(name),
      secretOutputs: this.run.secretOutputs,
    };
    let evaluated;
    try {
      evaluated = evaluateAll(hook.outputs, env);
    } catch (error) {
      if (error instanceof EvalError && error.kind === 'missing-output') return undefined;
      throw error;
    }
    const out: Record<string, Value> = {};
    for (const [name, e] of Object.entries(evaluated)) {
      out[name] = e.value;
      if (e.secret) {
        this.run.secretOutputs.add(id);
        this.run.addTainted(e.value);
      }
    }
    this.hookCache.set(id, out);
    return out;
  }

  /** Outputs of the latest step of `kind` before `step` for the same instance. */
  earlierOutputs(step: PlanStep, kind: string, ctx: Pick<ExecContext, 'outputsOf'>): ValueObject | undefined {
    const key = stepInstanceKey(step);
    if (key === undefined) return undefined;
    const list = this.byInstance.get(key) ?? [];
    const at = list.findIndex((s) => s.id === step.id);
    for (let i = at - 1; i >= 0; i--) {
      const s = list[i] as PlanStep;
      if (s.kind === kind) return this.outputsOf(s.id, ctx);
    }
    return undefined;
  }

  private stepRoots(step: PlanStep, instance: ResolvedInstance | undefined, each: ForEachEntry | undefined): Record<string, Value> {
    return {
      ...this.rootsOf(step.infrastructure),
      ...(instance ? { instance: instanceValue(instance) } : {}),
      ...(each ? { each: { key: each.key, value: each.value } } : {}),
    };
  }
}
