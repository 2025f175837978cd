import {
  lit,
  ref,
  type Ir,
  type PlanHook,
  type PlanStep,
  type SourceLocation,
  type StepPhase,
} from '../plan/index.ts';
import { calleeText, hookCallTarget } from './targets.ts';
import { expandDefaultSequence, expandWorkflow, hookNeeds, makeStep, workflowCallArgs, type Expansion, type Fragment, type StepBase } from './expand.ts';
import type { ArrayModel, HookModel, InfraModel } from './infrastructure.ts';
import { instantiate, INDEX_MARK } from './instances.ts';
import { provisionArgs } from './provision.ts';
import type { LowerState } from './state.ts';
import type { MbpSymbol } from '../binder/index.ts';

/**
 * Builds one infrastructure's DAGs (DESIGN.md section 1): subnets (and
 * VLANs when it has arrays) → pre_deploy hooks by run level → per instance
 * `bind → configure_ports → assign_ips` then the default sequence (and the
 * template's steps) or the array's provision workflow → post_deploy hooks by
 * run level once every array's rollout has settled. The way back:
 * pre_destroy hooks by level → per instance its deprovision hooks, then
 * `release` → the VLANs and subnets.
 */
export interface InfraDags {
  readonly deploy: readonly PlanStep[];
  readonly destroy: readonly PlanStep[];
  readonly hooks: readonly PlanHook[];
}

const byId = <T extends { readonly id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A built-in step (network, bind, release): the same shape as any other, with no options. */
function builtinStep(base: StepBase, id: string, kind: string, args: Readonly<Record<string, Ir>>, needs: readonly string[], source: SourceLocation): PlanStep {
  return makeStep(base, { id, kind, args, needs, options: {}, source });
}

/** Steps of the fragment that wait for no other step of it. */
function entryIds(steps: readonly PlanStep[]): Set<string> {
  const own = new Set(steps.map((s) => s.id));
  return new Set(steps.filter((s) => !s.needs.some((n) => own.has(n))).map((s) => s.id));
}

class InfraBuilder {
  private readonly hookSinks = new Map<string, readonly string[]>();
  private readonly hookSymbols: ReadonlyMap<MbpSymbol, string>;
  private readonly records: PlanHook[] = [];
  private readonly recorded = new Set<string>();

  constructor(
    private readonly state: LowerState,
    private readonly infra: InfraModel,
  ) {
    this.hookSymbols = infra.scope.hooks;
  }

  private expansion(array?: ArrayModel): Expansion {
    return {
      state: this.state,
      hooks: this.hookSymbols,
      hookSinks: this.hookSinks,
      ...(array ? { array: array.info } : {}),
      depth: 0,
    };
  }

  private record(hook: HookModel, outputs: ReadonlyMap<string, Ir>): void {
    this.records.push({
      id: hook.id,
      phase: hook.phase,
      level: hook.level,
      workflow: calleeText(hook.call.callee),
      ...(hook.when ? { when: hook.when } : {}),
      ...(hook.timeoutMs !== undefined ? { timeout_ms: hook.timeoutMs } : {}),
      outputs: Object.fromEntries(outputs),
      source: this.state.location(hook.file, hook.decl.span),
    });
  }

  /** One hook's steps under `prefix` (its id, or `INFRA/ARRAY[i]/deprovision/NAME` per instance). */
  private expandHook(hook: HookModel, ex: Expansion, base: StepBase, prefix: string, entryNeeds: readonly string[], scope = this.infra.scope): Fragment & { outputs: ReadonlyMap<string, Ir> } {
    const target = hookCallTarget(this.state.facts, hook.decl);
    const hookBase: StepBase = { ...base, hook: hook.id, level: hook.level, ...(hook.when ? { when: hook.when } : {}) };
    if (target?.kind !== 'workflow') {
      this.state.internal(hook.file, hook.call.callee.span, `hook \`${calleeText(hook.call.callee)}\` runs no workflow`);
      return { steps: [], sinks: [...entryNeeds], outputs: new Map() };
    }
    const args = workflowCallArgs(this.state, scope, target.target, hook.call, target.via);
    const reads = hookNeeds(this.hookSinks, [...args.values()]);
    return expandWorkflow(ex, hookBase, target.target, args, prefix, [...entryNeeds, ...reads]);
  }

  /**
   * Hooks of one phase by run level: every hook of a level starts once all
   * hooks of the level below are done; hooks of one level do not wait for
   * each other. Returns the steps and the ids the next stage waits for.
   */
  private levels(hooks: readonly HookModel[], phase: StepPhase, initial: readonly string[], onFirstLevel?: (steps: PlanStep[]) => PlanStep[]): { steps: PlanStep[]; barrier: string[] } {
    const steps: PlanStep[] = [];
    let barrier = [...initial];
    const levels = [...new Set(hooks.map((h) => h.level))].sort((a, b) => a - b);
    levels.forEach((level, n) => {
      const next: string[] = [];
      let levelSteps: PlanStep[] = [];
      for (const hook of hooks.filter((h) => h.level === level).sort(byId)) {
        const base: StepBase = { phase, infrastructure: this.infra.name };
        const fragment = this.expandHook(hook, this.expansion(), base, hook.id, barrier);
        levelSteps.push(...fragment.steps);
        next.push(...fragment.sinks);
        this.hookSinks.set(hook.id, fragment.sinks);
        this.record(hook, fragment.outputs);
      }
      if (n === 0 && onFirstLevel) levelSteps = onFirstLevel(levelSteps);
      steps.push(...levelSteps);
      barrier = [...new Set(next)].sort();
    });
    return { steps, barrier };
  }

  build(): InfraDags {
    const { infra } = this;
    const P = infra.name;
    const infraSource = this.state.location(infra.file, infra.decl.name.span);
    const networkBase: StepBase = { phase: 'pre_deploy', infrastructure: P };
    const deploy: PlanStep[] = [];

    const subnetNames = Object.values(infra.networks).flatMap((n) => Object.keys(n.subnets)).sort();
    const subnets = builtinStep(networkBase, `${P}/subnets`, 'mbp.ipam.allocate_subnets', { subnets: lit(subnetNames) }, [], infraSource);
    deploy.push(subnets);
    const empty = infra.arrays.length === 0;
    const vlanNetworks = Object.entries(infra.networks)
      .filter(([, n]) => !n.implicit)
      .map(([name]) => name)
      .sort();
    const vlans = !empty && vlanNetworks.length > 0 ? builtinStep(networkBase, `${P}/vlans`, 'mbp.network.allocate_vlans', { networks: lit(vlanNetworks) }, [], infraSource) : undefined;
    if (vlans) deploy.push(vlans);

    const pre = this.levels(this.phaseHooks('pre_deploy'), 'pre_deploy', [subnets.id]);
    deploy.push(...pre.steps);

    const groups: string[] = [];
    for (const array of infra.arrays) {
      if (array.plan.count === 0) continue;
      groups.push(array.plan.group);
      const once = this.instanceSteps(array, pre.barrier, vlans ? [vlans.id] : []);
      for (let i = 0; i < array.plan.count; i++) deploy.push(...instantiate(once, array.name, i));
    }

    const post = this.levels(this.phaseHooks('post_deploy'), 'post_deploy', pre.barrier, (steps) => {
      // The first level waits for every array's rollout to settle within its max_failures.
      if (groups.length === 0) return steps;
      const entries = entryIds(steps);
      return steps.map((s) => (entries.has(s.id) ? { ...s, needs_groups: [...groups].sort() } : s));
    });
    deploy.push(...post.steps);

    const destroy = this.destroySteps(infraSource, vlans !== undefined, vlanNetworks);
    return { deploy, destroy, hooks: [...this.records].sort(hookOrder) };
  }

  private phaseHooks(phase: HookModel['phase']): HookModel[] {
    return this.infra.hooks.filter((h) => h.phase === phase);
  }

  /** One instance's deploy steps, with INDEX_MARK for its index (instantiated per index). */
  private instanceSteps(array: ArrayModel, preBarrier: readonly string[], vlanIds: readonly string[]): PlanStep[] {
    const P = this.infra.name;
    const prefix = `${P}/${array.name}[${INDEX_MARK}]`;
    const base: StepBase = { phase: 'provision', infrastructure: P, target: { array: array.name, index: -1 }, group: array.plan.group };
    const source = array.info.source;
    const node = ref('instance');
    const bind = builtinStep(base, `${prefix}/bind`, 'mbp.instance.bind', { node }, preBarrier, source);
    const ports = builtinStep(base, `${prefix}/configure_ports`, 'std.provision.configure_ports', provisionArgs('configure_ports', node, array.info), [bind.id, ...vlanIds], source);
    const ips = builtinStep(base, `${prefix}/assign_ips`, 'std.provision.assign_ips', provisionArgs('assign_ips', node, array.info), [ports.id], source);
    const steps = [bind, ports, ips];
    const ex = this.expansion(array);
    if (array.provision) {
      const hook = array.provision;
      const fragment = this.expandHook(hook, ex, base, `${prefix}/provision`, [ips.id], array.scope);
      steps.push(...fragment.steps);
      this.recordOnce(hook);
    } else {
      steps.push(...expandDefaultSequence(ex, base, prefix, [ips.id], source).steps);
    }
    return steps;
  }

  /** Per-instance hooks are recorded once for the array (their outputs are per instance, so none are listed). */
  private recordOnce(hook: HookModel): void {
    if (this.recorded.has(hook.id)) return;
    this.recorded.add(hook.id);
    this.record(hook, new Map());
  }

  private destroySteps(infraSource: SourceLocation, hadVlans: boolean, vlanNetworks: readonly string[]): PlanStep[] {
    const P = this.infra.name;
    const steps: PlanStep[] = [];
    const pre = this.levels(this.phaseHooks('pre_destroy'), 'pre_destroy', []);
    steps.push(...pre.steps);
    const releases: string[] = [];
    for (const array of this.infra.arrays) {
      const prefix = `${P}/${array.name}[${INDEX_MARK}]`;
      const base: StepBase = { phase: 'deprovision', infrastructure: P, target: { array: array.name, index: -1 }, group: array.plan.group };
      const once: PlanStep[] = [];
      let barrier = [...pre.barrier];
      const levels = [...new Set(array.deprovision.map((h) => h.level))].sort((a, b) => a - b);
      for (const level of levels) {
        const next: string[] = [];
        for (const hook of array.deprovision.filter((h) => h.level === level).sort(byId)) {
          const name = hook.id.slice(`${P}/${array.name}/deprovision/`.length);
          const fragment = this.expandHook(hook, this.expansion(array), base, `${prefix}/deprovision/${name}`, barrier, array.scope);
          once.push(...fragment.steps);
          next.push(...fragment.sinks);
          this.recordOnce(hook);
        }
        barrier = [...new Set(next)].sort();
      }
      once.push(builtinStep(base, `${prefix}/release`, 'mbp.instance.release', { node: ref('instance') }, barrier, array.info.source));
      // An array scaled to 0 still lists index 0: the pattern its deployed instances' way back is renumbered from (runtime/resolve `instanceWayBack`).
      for (let i = 0; i < Math.max(array.plan.count, 1); i++) {
        const made = instantiate(once, array.name, i);
        steps.push(...made);
        releases.push(`${P}/${array.name}[${i}]/release`);
      }
    }
    const after = releases.length > 0 ? releases : pre.barrier;
    const networkBase: StepBase = { phase: 'deprovision', infrastructure: P };
    if (hadVlans) steps.push(builtinStep(networkBase, `${P}/release_vlans`, 'mbp.network.release_vlans', { networks: lit([...vlanNetworks]) }, after, infraSource));
    const subnetNames = Object.values(this.infra.networks).flatMap((n) => Object.keys(n.subnets)).sort();
    steps.push(builtinStep(networkBase, `${P}/release_subnets`, 'mbp.ipam.release_subnets', { subnets: lit(subnetNames) }, after, infraSource));
    return steps;
  }
}

const PHASE_ORDER: Readonly<Record<string, number>> = { pre_deploy: 0, provision: 1, post_deploy: 2, pre_destroy: 3, deprovision: 4 };

function hookOrder(a: PlanHook, b: PlanHook): number {
  return (PHASE_ORDER[a.phase] ?? 9) - (PHASE_ORDER[b.phase] ?? 9) || a.level - b.level || byId(a, b);
}

export function buildInfrastructureDags(state: LowerState, infra: InfraModel): InfraDags {
  return new InfraBuilder(state, infra).build();
}
