import type { Expr, ForExpr } from '../../../grammar/index.ts';
import { T, typeToString, unifyAll, type Type } from '../../../stdlib/index.ts';
import type { CheckContext, Inferred } from '../context.ts';
import { checkCondition } from './condition.ts';

/** Key and element types of what a `for` (or `for_each`) iterates: lists by int index, maps and objects by string key. */
export function iterationTypes(t: Type): { readonly key: Type; readonly value: Type } | undefined {
  switch (t.kind) {
    case 'list':
      return { key: T.int, value: t.element };
    case 'map':
      return { key: T.string, value: t.element };
    case 'object': {
      const u = unifyAll(Object.values(t.fields).map((f) => f.type));
      return { key: T.string, value: 'type' in u ? u.type : T.any };
    }
    case 'any':
      return { key: T.any, value: T.any };
    case 'error':
      return { key: T.error, value: T.error };
    default:
      return undefined;
  }
}

/** Reports an iterable that is neither a list nor a map. */
export function checkIterable(cx: CheckContext, expr: Expr, what: string): Type {
  const t = cx.typeOf(expr);
  if (!iterationTypes(t)) cx.report('MBP2054', expr.span, { what, type: typeToString(t) });
  return t;
}

/** `[for x in xs: body if filter]`: a list of the body's type. */
export function inferFor(cx: CheckContext, node: ForExpr): Inferred {
  checkIterable(cx, node.iterable, 'the value after `in`');
  const body = cx.typeOf(node.body);
  if (node.filter) checkCondition(cx, node.filter, 'the filter after `if`');
  const secret = cx.isSecret(node.iterable) || cx.isSecret(node.body);
  return { type: T.list(body), secret };
}
