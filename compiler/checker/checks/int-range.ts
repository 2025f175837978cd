import type { Expr } from '../../../grammar/index.ts';
import type { CheckContext } from '../context.ts';
import { subjectText, type Subject } from './subject.ts';

export function boundText(min: number | undefined, max: number | undefined, show: (n: number) => string = String): string {
  if (min !== undefined && max !== undefined) return `between ${show(min)} and ${show(max)}`;
  if (min !== undefined) return `at least ${show(min)}`;
  return `at most ${show(max ?? 0)}`;
}

/** A schema bound (`count` ≥ 0, `vlan` in 1–4094) on a value known at compile time (`count = workers - 1`). */
export function checkIntRange(cx: CheckContext, expr: Expr, min: number | undefined, max: number | undefined, what: Subject): void {
  if (min === undefined && max === undefined) return;
  const v = cx.valueOf(expr);
  if (typeof v !== 'number') return;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    cx.report('MBP2055', expr.span, { what: subjectText(what), bound: boundText(min, max), value: v });
  }
}
