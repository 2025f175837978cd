import type { Value } from '../../stdlib/index.ts';

/**
 * The deferred-expression IR of the execution plan (docs/plan.md). A value
 * the compiler cannot know (an instance's address, a step's output,
 * `deployment.added`, a secret) is written as a small JSON tree that
 * `runtime/eval` evaluates with the stdlib's function table. Every node is an
 * object with exactly one key naming its kind, so a plan reads well and a
 * reader can dispatch on the key.
 */
export type Ir =
  | IrLit
  | IrRef
  | IrSecret
  | IrCall
  | IrInterpolate
  | IrOp
  | IrIndex
  | IrCond
  | IrList
  | IrObject
  | IrFor
  | IrStepOutput
  | IrHookOutput;

/** A constant: any plain JSON value. */
export interface IrLit {
  readonly lit: Value;
}

/**
 * Where a `ref` path starts. `local` is a variable of an enclosing `for`
 * node; the others are values the runtime supplies: the instance being
 * provisioned, the run (`deployment.added`), the `for_each` element (`each`),
 * and the arrays, networks and subnets of the step's infrastructure.
 */
export const REF_ROOTS = ['instance', 'deployment', 'each', 'array', 'network', 'subnet', 'param', 'local'] as const;
export type RefRoot = (typeof REF_ROOTS)[number];

/** `["instance", "ipv4"]`, `["array", "control", "instances"]`, `["local", "n", "hostname"]`. */
export interface IrRef {
  readonly ref: readonly [RefRoot, ...string[]];
}

/** A secret by name; its value is resolved only at apply and taints what is built from it. */
export interface IrSecret {
  readonly secret: string;
}

/** A stdlib function call (`FUNCTIONS[call].impl`). */
export interface IrCall {
  readonly call: string;
  readonly args: readonly Ir[];
}

/** A string with `${...}` parts: literal text as strings, expressions as nodes. */
export interface IrInterpolate {
  readonly interpolate: readonly (string | Ir)[];
}

export const IR_BINARY_OPS = ['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'] as const;
export type IrBinaryOp = (typeof IR_BINARY_OPS)[number];
/** Unary operators: `!` and `-` with one argument. */
export type IrUnaryOp = '!' | '-';

/** An operator: two arguments, or one for unary `!` and `-`. */
export interface IrOp {
  readonly op: IrBinaryOp | IrUnaryOp;
  readonly args: readonly Ir[];
}

/** `xs[i]` (negative counts from the end) and `m["k"]`; also a field of a computed object. */
export interface IrIndex {
  readonly index: readonly [Ir, Ir];
}

/** `c ? a : b`; only the branch taken is evaluated. */
export interface IrCond {
  readonly cond: readonly [Ir, Ir, Ir];
}

export interface IrList {
  readonly list: readonly Ir[];
}

/** An object with its entries in written order (keys are plain strings). */
export interface IrObject {
  readonly object: readonly (readonly [string, Ir])[];
}

/** `[for key, value in in: do if if]`: a list comprehension; `key` is the list index or the map key. */
export interface IrFor {
  readonly for: {
    readonly key?: string;
    readonly value: string;
    readonly in: Ir;
    readonly do: Ir;
    readonly if?: Ir;
  };
}

/** The outputs of a step of the plan (`[id]`) or one of them (`[id, field]`). */
export interface IrStepOutput {
  readonly step_output: readonly [string] | readonly [string, string];
}

/** An output of a hook (its workflow's `output`), by hook id: `vips.address`. */
export interface IrHookOutput {
  readonly hook_output: readonly [string, string];
}

export type IrKind =
  | 'lit'
  | 'ref'
  | 'secret'
  | 'call'
  | 'interpolate'
  | 'op'
  | 'index'
  | 'cond'
  | 'list'
  | 'object'
  | 'for'
  | 'step_output'
  | 'hook_output';

export const IR_KINDS: readonly IrKind[] = [
  'lit',
  'ref',
  'secret',
  'call',
  'interpolate',
  'op',
  'index',
  'cond',
  'list',
  'object',
  'for',
  'step_output',
  'hook_output',
];

/** The kind of a node: its one key (`call` nodes also carry `args`, `op` nodes too). */
export function irKind(ir: Ir): IrKind {
  if ('lit' in ir) return 'lit';
  if ('ref' in ir) return 'ref';
  if ('secret' in ir) return 'secret';
  if ('call' in ir) return 'call';
  if ('interpolate' in ir) return 'interpolate';
  if ('op' in ir) return 'op';
  if ('index' in ir) return 'index';
  if ('cond' in ir) return 'cond';
  if ('list' in ir) return 'list';
  if ('object' in ir) return 'object';
  if ('for' in ir) return 'for';
  if ('step_output' in ir) return 'step_output';
  return 'hook_output';
}

// ---- constructors ------------------------------------------------------------------

export const lit = (value: Value): IrLit => ({ lit: value });
export const ref = (root: RefRoot, ...path: string[]): IrRef => ({ ref: [root, ...path] });
export const secretRef = (name: string): IrSecret => ({ secret: name });
export const call = (name: string, args: readonly Ir[]): IrCall => ({ call: name, args });
export const op = (operator: IrBinaryOp | IrUnaryOp, args: readonly Ir[]): IrOp => ({ op: operator, args });
export const stepOutput = (id: string, field?: string): IrStepOutput => ({ step_output: field === undefined ? [id] : [id, field] });
export const hookOutput = (id: string, field: string): IrHookOutput => ({ hook_output: [id, field] });

export function isLit(ir: Ir): ir is IrLit {
  return 'lit' in ir;
}

/** The direct children of a node, for generic walks. */
export function irChildren(ir: Ir): readonly Ir[] {
  switch (irKind(ir)) {
    case 'call':
      return (ir as IrCall).args;
    case 'op':
      return (ir as IrOp).args;
    case 'interpolate':
      return (ir as IrInterpolate).interpolate.filter((p): p is Ir => typeof p !== 'string');
    case 'index':
      return (ir as IrIndex).index;
    case 'cond':
      return (ir as IrCond).cond;
    case 'list':
      return (ir as IrList).list;
    case 'object':
      return (ir as IrObject).object.map(([, v]) => v);
    case 'for': {
      const f = (ir as IrFor).for;
      return f.if ? [f.in, f.do, f.if] : [f.in, f.do];
    }
    default:
      return [];
  }
}

/** Calls `visit` on every node of the tree, parents first. */
export function walkIr(ir: Ir, visit: (node: Ir) => void): void {
  visit(ir);
  for (const child of irChildren(ir)) walkIr(child, visit);
}

/** Every step id a value reads the outputs of (its data dependencies), sorted. */
export function stepOutputsRead(ir: Ir): string[] {
  const ids = new Set<string>();
  walkIr(ir, (n) => {
    if ('step_output' in n) ids.add(n.step_output[0]);
  });
  return [...ids].sort();
}

/** Every hook id a value reads the outputs of, sorted. */
export function hookOutputsRead(ir: Ir): string[] {
  const ids = new Set<string>();
  walkIr(ir, (n) => {
    if ('hook_output' in n) ids.add(n.hook_output[0]);
  });
  return [...ids].sort();
}

/** Every secret a value is built from, sorted. */
export function secretsRead(ir: Ir): string[] {
  const names = new Set<string>();
  walkIr(ir, (n) => {
    if ('secret' in n) names.add(n.secret);
  });
  return [...names].sort();
}

/** The ref roots a value reads (locals bound inside it excluded), sorted. */
export function rootsRead(ir: Ir): RefRoot[] {
  const roots = new Set<RefRoot>();
  const visit = (n: Ir, bound: ReadonlySet<string>): void => {
    if ('ref' in n) {
      const [root, name] = n.ref;
      if (root !== 'local' || name === undefined || !bound.has(name)) roots.add(root);
      return;
    }
    if ('for' in n) {
      visit(n.for.in, bound);
      const inner = new Set(bound);
      inner.add(n.for.value);
      if (n.for.key !== undefined) inner.add(n.for.key);
      visit(n.for.do, inner);
      if (n.for.if) visit(n.for.if, inner);
      return;
    }
    for (const c of irChildren(n)) visit(c, bound);
  };
  visit(ir, new Set());
  return [...roots].sort();
}
