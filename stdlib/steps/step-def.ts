import { isAssignable, typeToString, type Type } from '../types.ts';
import type { Value } from '../values.ts';
import { literalText } from '../literal-text.ts';
import type { EnumName } from '../enums.ts';
import type { ReferenceKind } from '../references.ts';

/**
 * What a running step holds, for the executor's per-resource limits (calls
 * per BMC, sessions per switch, SSH connections, HTTP requests). `none`
 * counts only against the instances-in-flight limit.
 */
export type StepResource = 'bmc' | 'switch' | 'ssh' | 'http' | 'none';

/** Where a step kind may be called. */
export type StepContextKind =
  /** A step of a workflow or of an os_template (`step NAME = ...`). */
  | 'step'
  /** Only as the `ready` attribute of an os_template. */
  | 'ready';

export interface StepParam {
  readonly name: string;
  readonly type: Type;
  /** Further types the argument may have (e.g. an SSH target: an instance, or an address). */
  readonly alternatives?: readonly Type[];
  readonly required: boolean;
  /** The value used when the argument is left out (a literal, in run-time representation). */
  readonly default?: Value;
  /** Enumerated string values, checked with did-you-mean. */
  readonly enum?: EnumName;
  /** The argument names a declaration rather than holding a value (`std.workflow.call(k8s.join)`). */
  readonly reference?: ReferenceKind;
  /** May be passed by position; positional parameters come first, in this order. */
  readonly positional: boolean;
  readonly doc: string;
}

/** A set of parameters of which exactly one (or at most one) may be given. */
export interface ParamGroup {
  readonly members: readonly string[];
  /** `exactly-one`: one is required; `at-most-one`: all may be left out. */
  readonly rule: 'exactly-one' | 'at-most-one';
  readonly doc: string;
}

/**
 * What a handler gets besides its arguments. The runtime extends this with
 * its drivers, inventory store and journal; the stdlib only fixes the part
 * every handler needs.
 */
export interface StepRunContext {
  /** Stable step id, e.g. `edge/worker[2]/install_os`; the key of idempotent reservations. */
  readonly stepId: string;
  /** Aborted on timeout, Ctrl-C or SIGTERM. */
  readonly signal: AbortSignal;
  /** A line of step output (masked for secrets by the caller). */
  log(line: string): void;
}

/** The run-time implementation of a step kind; arguments by parameter name, defaults filled in. */
export type StepHandler<C extends StepRunContext = StepRunContext> = (
  args: Readonly<Record<string, Value>>,
  ctx: C,
) => Promise<Value>;

export interface StepDef {
  /** Full dotted name, e.g. `std.ssh.exec`. */
  readonly name: string;
  readonly params: readonly StepParam[];
  readonly groups?: readonly ParamGroup[];
  /** The outputs, always an object type (`{}` when there are none). */
  readonly outputs: Extract<Type, { readonly kind: 'object' }>;
  /** The checker replaces `outputs` by those of the workflow the step calls (`std.workflow.call`). */
  readonly outputsFromWorkflow?: boolean;
  readonly doc: string;
  readonly example: string;
  /** A killed run may re-run it safely (the journal's resume rule). */
  readonly idempotent: boolean;
  readonly resource: StepResource;
  /** Only waits (timers, polling, sub-steps): holds no executor slot. */
  readonly waitsOnly: boolean;
  readonly context: StepContextKind;
  /** Filled in by the runtime; the catalogue never fakes one. */
  readonly handler?: StepHandler;
}

/** Whether an argument of type `t` fits a parameter (its type or one of its alternatives). */
export function paramAccepts(p: StepParam, t: Type): boolean {
  return isAssignable(t, p.type) || (p.alternatives ?? []).some((alt) => isAssignable(t, alt));
}

/** `std.ssh.exec(target: instance, command: string, user?: string = "root", ...)` for hover and signature help. */
export function stepSignatureText(def: StepDef): string {
  const parts = def.params.map((p) => {
    const types = p.reference ?? [p.type, ...(p.alternatives ?? [])].map(typeToString).join(' | ');
    const dflt = p.default !== undefined ? ` = ${literalText(p.default, p.type)}` : '';
    return `${p.name}${p.required ? '' : '?'}: ${types}${dflt}`;
  });
  return `${def.name}(${parts.join(', ')}) → ${typeToString(def.outputs)}`;
}
