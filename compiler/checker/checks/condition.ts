import type { Expr } from '../../../grammar/index.ts';
import { typeToString } from '../../../stdlib/index.ts';
import type { CheckContext } from '../context.ts';

/** A condition (`when`, a filter, `? :`) must be a bool. */
export function checkCondition(cx: CheckContext, expr: Expr, what: string): void {
  const t = cx.typeOf(expr);
  if (t.kind !== 'bool' && t.kind !== 'any' && t.kind !== 'error') cx.report('MBP2050', expr.span, { what, actual: typeToString(t) });
}
