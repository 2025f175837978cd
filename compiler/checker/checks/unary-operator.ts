import type { Unary } from '../../../grammar/index.ts';
import { T, typeToString } from '../../../stdlib/index.ts';
import type { CheckContext, Inferred } from '../context.ts';

/** `-x` on ints (durations and sizes are never negative); `!x` on bools. */
export function inferUnary(cx: CheckContext, node: Unary): Inferred {
  const t = cx.typeOf(node.operand);
  const v = cx.valueOf(node.operand);
  const secret = cx.isSecret(node.operand);
  if (t.kind === 'error') return { type: T.error };
  if (node.op === '!') {
    if (t.kind !== 'bool' && t.kind !== 'any') {
      cx.report('MBP2049', node.span, { op: '!', type: typeToString(t) });
      return { type: T.error, secret };
    }
    return { type: T.bool, secret, ...(typeof v === 'boolean' ? { value: !v } : {}) };
  }
  if (t.kind !== 'int' && t.kind !== 'any') {
    cx.report('MBP2049', node.span, { op: '-', type: typeToString(t) });
    return { type: T.error, secret };
  }
  return { type: t, secret, ...(typeof v === 'number' ? { value: v === 0 ? 0 : -v } : {}) };
}
