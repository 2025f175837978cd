import type { Expr, Span } from '../../grammar/index.ts';
import type { Binding } from '../binder/index.ts';

/**
 * The dotted path of a `std...` chain (`std.ssh.exec`), when `expr` is one
 * and `std` is the standard library (not a user name shadowing it).
 */
export function stdPathOf(expr: Expr, binding: Binding): { readonly path: string; readonly span: Span } | undefined {
  if (expr.kind === 'Ref') {
    return binding.resolve(expr)?.kind === 'std' ? { path: expr.name.text, span: expr.span } : undefined;
  }
  if (expr.kind === 'Member') {
    const inner = stdPathOf(expr.object, binding);
    return inner ? { path: `${inner.path}.${expr.name.text}`, span: expr.span } : undefined;
  }
  return undefined;
}

/** The text of a callee as written: `k8s.join`, `std.ssh.exec`, `render`. */
export function calleeText(expr: Expr): string {
  if (expr.kind === 'Ref') return expr.name.text;
  if (expr.kind === 'Member') return `${calleeText(expr.object)}.${expr.name.text}`;
  return 'this call';
}
