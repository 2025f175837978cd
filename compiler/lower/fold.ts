import type { CallContext } from '../../stdlib/index.ts';
import { evaluate } from '../../runtime/eval/index.ts';
import { hookOutputsRead, irChildren, irKind, isLit, lit, rootsRead, secretsRead, stepOutputsRead, type Ir } from '../plan/index.ts';

/*
 * Constant folding with the runtime's own evaluator, so a value folded at
 * compile time is exactly what the runtime would have computed. A node whose
 * children are all literals is folded; a `for` when it reads nothing but its
 * own variables. Secrets, refs and outputs never fold.
 */

function foldable(ir: Ir): boolean {
  switch (irKind(ir)) {
    case 'lit':
    case 'ref':
    case 'secret':
    case 'step_output':
    case 'hook_output':
      return false;
    case 'for':
      return (
        'for' in ir &&
        isLit(ir.for.in) &&
        rootsRead(ir).length === 0 &&
        secretsRead(ir).length === 0 &&
        stepOutputsRead(ir).length === 0 &&
        hookOutputsRead(ir).length === 0
      );
    default:
      return irChildren(ir).every(isLit);
  }
}

/**
 * One node, its children already simplified: folded to a literal when it can
 * be, a conditional or `&&`/`||` with a known deciding side reduced.
 * Throws EvalError when a constant node cannot be evaluated (`1 / 0`).
 */
export function simplify(ir: Ir, call: CallContext): Ir {
  if (foldable(ir)) return lit(evaluate(ir, { call }).value);
  if ('cond' in ir) {
    const [c, a, b] = ir.cond;
    if (isLit(c) && typeof c.lit === 'boolean') return c.lit ? a : b;
  }
  if ('op' in ir && (ir.op === '&&' || ir.op === '||') && ir.args.length === 2) {
    const [l, r] = ir.args as [Ir, Ir];
    if (isLit(l) && typeof l.lit === 'boolean') {
      if (ir.op === '&&') return l.lit ? r : l;
      return l.lit ? l : r;
    }
    // `x && true` and `x || false` are `x` (the checker has made `x` a bool).
    if (isLit(r) && r.lit === (ir.op === '&&')) return l;
  }
  return ir;
}

/** Simplifies a whole tree bottom-up; a constant that fails to evaluate is left for the runtime to report. */
export function foldDeep(ir: Ir, call: CallContext): Ir {
  const rebuilt = mapChildren(ir, (c) => foldDeep(c, call));
  try {
    return simplify(rebuilt, call);
  } catch {
    return rebuilt;
  }
}

/** A copy of a node with each child replaced (the node itself when nothing changes). */
export function mapChildren(ir: Ir, f: (child: Ir) => Ir): Ir {
  if ('call' in ir) return { call: ir.call, args: ir.args.map(f) };
  if ('op' in ir) return { op: ir.op, args: ir.args.map(f) };
  if ('interpolate' in ir) return { interpolate: ir.interpolate.map((p) => (typeof p === 'string' ? p : f(p))) };
  if ('index' in ir) return { index: [f(ir.index[0]), f(ir.index[1])] };
  if ('cond' in ir) return { cond: [f(ir.cond[0]), f(ir.cond[1]), f(ir.cond[2])] };
  if ('list' in ir) return { list: ir.list.map(f) };
  if ('object' in ir) return { object: ir.object.map(([k, v]) => [k, f(v)] as const) };
  if ('for' in ir) {
    const spec = ir.for;
    return {
      for: {
        ...(spec.key !== undefined ? { key: spec.key } : {}),
        value: spec.value,
        in: f(spec.in),
        do: f(spec.do),
        ...(spec.if ? { if: f(spec.if) } : {}),
      },
    };
  }
  return ir;
}

/** Replaces every `ref` whose path starts with `prefix` (e.g. `["instance", "index"]`) by `value`, keeping the rest of the path. */
export function substituteRef(ir: Ir, prefix: readonly string[], value: Ir): Ir {
  if ('ref' in ir) {
    const path = ir.ref;
    if (path.length >= prefix.length && prefix.every((p, i) => path[i] === p)) {
      const rest = path.slice(prefix.length);
      return rest.reduce<Ir>((acc, field) => ({ index: [acc, lit(field)] }), value);
    }
    return ir;
  }
  return mapChildren(ir, (c) => substituteRef(c, prefix, value));
}
