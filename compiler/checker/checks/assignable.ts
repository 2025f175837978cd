import type { Expr } from '../../../grammar/index.ts';
import { isAssignable, typeToString, type Type } from '../../../stdlib/index.ts';
import type { CheckContext } from '../context.ts';
import { subjectText, type Subject } from './subject.ts';

/** A value where a type is expected (attribute, argument, default). Returns whether it fits. */
export function checkAssignable(cx: CheckContext, expr: Expr, expected: Type | readonly Type[], what: Subject): boolean {
  if (!Array.isArray(expected)) {
    // The common case (one expected type), without a list of options to build.
    const only = expected as Type;
    if (only.kind === 'list') cx.expect(expr, only);
    const t = cx.typeOf(expr);
    if (isAssignable(t, only)) return true;
    cx.report('MBP2040', expr.span, { what: subjectText(what), expected: typeToString(only), actual: typeToString(t) });
    return false;
  }
  const options = expected as readonly Type[];
  if (options.length === 1 && options[0]!.kind === 'list') cx.expect(expr, options[0]!);
  const t = cx.typeOf(expr);
  for (const e of options) if (isAssignable(t, e)) return true;
  cx.report('MBP2040', expr.span, { what: subjectText(what), expected: options.map(typeToString).join(' or '), actual: typeToString(t) });
  return false;
}
