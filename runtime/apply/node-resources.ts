import type { PlanStep } from '../../compiler/plan/index.ts';
import { isObject, type Value } from '../../stdlib/index.ts';
import { evaluate, type EvalEnv } from '../eval/index.ts';
import type { ResolvedInstance } from '../steps/index.ts';
import { resolvedKey } from './run-facts.ts';

/** An argument's value when it is known before the run, else undefined (it reads outputs or secrets). */
function known(step: PlanStep, arg: string, env: EvalEnv): Value | undefined {
  const ir = step.args[arg];
  if (ir === undefined) return undefined;
  try {
    return evaluate(ir, env).value;
  } catch {
    return undefined;
  }
}

/** An SSH target: an instance by its address (or hostname), another host as written. */
function sshHost(target: Value | undefined): string | undefined {
  if (typeof target === 'string' && target !== '') return target;
  if (target !== undefined && isObject(target)) {
    if (typeof target.ipv4 === 'string' && target.ipv4 !== '') return target.ipv4;
    if (typeof target.hostname === 'string') return target.hostname;
  }
  return undefined;
}

function urlHost(url: Value | undefined): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The executor's resource keys of a step (docs/plan.md): its instance
 * (`instance:INFRA/ARRAY[i]`), plus by the kind's resource the server's BMC,
 * the switches its ports are on, the SSH host or the HTTP host. A host only
 * known at run time is `*`: the class's total limit still counts it.
 */
export function resourcesOf(step: PlanStep, instance: ResolvedInstance | undefined, infraInstances: readonly ResolvedInstance[], env: EvalEnv): string[] {
  const keys: string[] = [];
  if (instance !== undefined) keys.push(`instance:${resolvedKey(instance)}`);
  switch (step.resource) {
    case 'bmc':
      if (instance !== undefined) keys.push(`bmc:${instance.server.id}`);
      break;
    case 'switch': {
      const switches = (instance ? [instance] : infraInstances).flatMap((i) => i.ports.map((p) => p.switch));
      for (const sw of [...new Set(switches)].sort()) keys.push(`switch:${sw}`);
      break;
    }
    case 'ssh':
      keys.push(`ssh:${sshHost(known(step, 'target', env)) ?? '*'}`);
      break;
    case 'http':
      keys.push(`http:${urlHost(known(step, 'url', env)) ?? '*'}`);
      break;
    case 'none':
      break;
  }
  // At its exact length: a pushed-to array keeps room for ~16 (one per node of a run).
  return keys.slice();
}
