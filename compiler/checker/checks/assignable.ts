import type { Expr } from '../../../grammar/index.ts';
import { isAssignable, typeToString, type Type } from '../../../stdlib/index.ts';
import type { CheckContext } from '../context.ts';

/** A value where a type is expected (attribute, argument, default). Returns whether it fits. */
export function checkAssignable(cx: CheckContext, expr: Expr, expected: Type | readonly Type[], what: string): boolean {
  const options = Array.isArray(expected) ? (expected as readonly Type[]) : [expected as Type];
  if (options.length === 1 && options[0]!.kind === 'list') cx.expect(expr, options[0]!);
  const t = cx.typeOf(expr);
  if (options.some((e) => isAssignable(t, e))) return true;
  cx.report('MBP2040', expr.span, { what, expected: options.map(typeToString).join(' or '), actual: typeToString(t) });
  return false;
}
