import { isList, isObject, valueKind, type Value, type ValueObject } from '../../stdlib/index.ts';
import { StepError } from './errors.ts';
import type { ResolvedInstance, StepContext } from './types.ts';

/*
 * Reading a handler's arguments. The checker typed them at compile time, so
 * a mismatch here means a damaged plan or a runtime bug: a StepError that
 * names the step, the argument and what came instead.
 */

type Args = Readonly<Record<string, Value>>;

function bad(ctx: StepContext, name: string, expected: string, got: Value | undefined): never {
  const what = got === undefined ? 'nothing' : valueKind(got);
  throw new StepError(`${ctx.stepId}: argument \`${name}\` of ${ctx.kind} must be ${expected}, got ${what}`);
}

export function stringArg(args: Args, name: string, ctx: StepContext): string {
  const v = args[name];
  return typeof v === 'string' ? v : bad(ctx, name, 'a string', v);
}

export function numberArg(args: Args, name: string, ctx: StepContext): number {
  const v = args[name];
  return typeof v === 'number' ? v : bad(ctx, name, 'a number', v);
}

export function objectArg(args: Args, name: string, ctx: StepContext): ValueObject {
  const v = args[name];
  return v !== undefined && isObject(v) ? v : bad(ctx, name, 'an object', v);
}

export function listArg(args: Args, name: string, ctx: StepContext): readonly Value[] {
  const v = args[name];
  return v !== undefined && isList(v) ? v : bad(ctx, name, 'a list', v);
}

/** `instance_array[index]` as ids show it: `edge/worker[2]`. */
export function instanceLabel(instance: ResolvedInstance): string {
  return `${instance.infrastructure}/${instance.array}[${instance.index}] (${instance.hostname} on ${instance.server.id})`;
}

/**
 * The instance a provisioning step works on: the step's own instance, which
 * its `node` argument must be (a provisioning step only provisions the
 * instance whose DAG it is in).
 */
export function requireInstance(args: Args, ctx: StepContext): ResolvedInstance {
  const instance = ctx.instance;
  if (instance === undefined) throw new StepError(`${ctx.stepId}: ${ctx.kind} runs for one instance, and this step has none`);
  const node = args.node;
  if (node !== undefined) {
    if (!isObject(node)) bad(ctx, 'node', 'an instance', node);
    if (node.index !== instance.index || node.hostname !== instance.hostname) {
      throw new StepError(
        `${ctx.stepId}: ${ctx.kind} provisions the instance it runs for, ${instance.hostname}, but \`node\` is ${typeof node.hostname === 'string' ? node.hostname : 'another instance'}`,
      );
    }
  }
  return instance;
}

/** A `boot`/`template` argument must agree with the resolved instance: a plan that disagrees is stale. */
export function requireSame(ctx: StepContext, name: string, given: string, resolved: string): void {
  if (given !== resolved) {
    throw new StepError(`${ctx.stepId}: the plan says ${name} \`${given}\` but the instance was resolved with \`${resolved}\`; plan again`);
  }
}

/** Every MAC of the server: the NICs that may netboot. */
export function macsOf(instance: ResolvedInstance): string[] {
  return instance.ports.map((p) => p.mac);
}
