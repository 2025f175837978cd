import { T, type ObjectField, type Type } from '../types.ts';
import type { Value } from '../values.ts';
import type { EnumName } from '../enums.ts';
import type { ReferenceKind } from '../references.ts';
import type { StepDef, StepParam } from './step-def.ts';

interface ParamOptions {
  readonly required?: boolean;
  readonly positional?: boolean;
  readonly default?: Value;
  readonly enum?: EnumName;
  readonly alternatives?: readonly Type[];
  readonly reference?: ReferenceKind;
}

/** A step parameter; optional and named-only unless the options say otherwise. */
export function param(name: string, type: Type, doc: string, opts: ParamOptions = {}): StepParam {
  return Object.freeze({
    name,
    type,
    doc,
    required: opts.required ?? false,
    positional: opts.positional ?? false,
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    ...(opts.enum ? { enum: opts.enum } : {}),
    ...(opts.alternatives ? { alternatives: opts.alternatives } : {}),
    ...(opts.reference ? { reference: opts.reference } : {}),
  });
}

export type StepSpec = Omit<StepDef, 'outputs' | 'context'> & {
  readonly outputs: Record<string, Type | ObjectField>;
  readonly context?: StepDef['context'];
};

export function defineStep(spec: StepSpec): StepDef {
  const outputs = T.object(spec.outputs);
  if (outputs.kind !== 'object') throw new Error('unreachable: T.object builds objects');
  return Object.freeze({ ...spec, context: spec.context ?? 'step', outputs });
}

/**
 * The SSH target shared by the ssh and wait steps: an instance (its address
 * and pinned host key come from the inventory) or another host by address or
 * name (its key must be known, see `host_key`).
 */
export const sshTarget = (doc = 'The host: an instance, or an address or DNS name of another host.') =>
  param('target', T.instance, doc, { required: true, positional: true, alternatives: [T.ip, T.string] });
