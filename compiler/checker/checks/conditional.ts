import type { Conditional } from '../../../grammar/index.ts';
import { T, typeToString, unify } from '../../../stdlib/index.ts';
import type { CheckContext, Inferred } from '../context.ts';
import { checkCondition } from './condition.ts';

/** `c ? a : b`: a bool condition, branches of one type. */
export function inferConditional(cx: CheckContext, node: Conditional): Inferred {
  checkCondition(cx, node.condition, 'the condition of `? :`');
  const a = cx.typeOf(node.whenTrue);
  const b = cx.typeOf(node.whenFalse);
  const secret = cx.isSecret(node.condition) || cx.isSecret(node.whenTrue) || cx.isSecret(node.whenFalse);
  const u = unify(a, b);
  if (!u) {
    cx.report('MBP2051', node.whenFalse.span, { left: typeToString(a), right: typeToString(b) });
    return { type: T.error, secret };
  }
  const c = cx.valueOf(node.condition);
  const value = c === true ? cx.valueOf(node.whenTrue) : c === false ? cx.valueOf(node.whenFalse) : undefined;
  return { type: u, secret, ...(value !== undefined ? { value } : {}) };
}
