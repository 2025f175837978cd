import type { Expr } from '../../grammar/index.ts';
import type { Value } from '../../stdlib/index.ts';
import { isLit } from '../plan/index.ts';
import { lowerExpr } from './expr.ts';
import type { LowerState, Scope } from './state.ts';

/**
 * The compile-time value of an expression that must have one (a count, a
 * datacenter, a retry policy); MBP2064 when it reads run-time values.
 */
export function constantOf(state: LowerState, scope: Scope, expr: Expr, what: string): Value | undefined {
  const ir = lowerExpr(state, scope, expr);
  if (isLit(ir)) return ir.lit;
  state.report('MBP2064', scope.file, expr.span, { what });
  return undefined;
}

export function constantString(state: LowerState, scope: Scope, expr: Expr | undefined, what: string, fallback: string): string {
  if (!expr) return fallback;
  const v = constantOf(state, scope, expr, what);
  return typeof v === 'string' ? v : fallback;
}

export function constantInt(state: LowerState, scope: Scope, expr: Expr | undefined, what: string, fallback: number): number {
  if (!expr) return fallback;
  const v = constantOf(state, scope, expr, what);
  return typeof v === 'number' ? v : fallback;
}

export function constantBool(state: LowerState, scope: Scope, expr: Expr | undefined, what: string, fallback: boolean): boolean {
  if (!expr) return fallback;
  const v = constantOf(state, scope, expr, what);
  return typeof v === 'boolean' ? v : fallback;
}
