import type { ListExpr, ObjectExpr } from '../../../grammar/index.ts';
import { T, typeToString, unifyAll, type ObjectField, type Value } from '../../../stdlib/index.ts';
import type { CheckContext, Inferred } from '../context.ts';

/** A list literal: its elements share one type (`[1, "a"]` is an error at `"a"`). */
export function inferList(cx: CheckContext, node: ListExpr): Inferred {
  const types = node.items.map((i) => cx.typeOf(i));
  const secret = node.items.some((i) => cx.isSecret(i));
  const values: Value[] = [];
  for (const i of node.items) {
    const v = cx.valueOf(i);
    if (v === undefined) break;
    values.push(v);
  }
  const value = values.length === node.items.length ? values : undefined;
  // Where `list(any)` is expected (`prefer { servers = [5, "srv-0042"] }`), elements may differ.
  const expected = cx.expectedOf(node);
  if (expected?.kind === 'list' && expected.element.kind === 'any') return { type: T.list(T.any), secret, ...(value ? { value } : {}) };
  const u = unifyAll(types);
  if ('failedAt' in u) {
    const before = unifyAll(types.slice(0, u.failedAt));
    const expected = 'type' in before ? typeToString(before.type) : 'different';
    const item = node.items[u.failedAt]!;
    cx.report('MBP2052', item.span, { actual: typeToString(types[u.failedAt]!), expected });
    return { type: T.list(T.error), secret };
  }
  return { type: T.list(u.type), secret, ...(value ? { value } : {}) };
}

/** An object literal: a field per key (duplicate keys are reported by the parser). */
export function inferObject(cx: CheckContext, node: ObjectExpr): Inferred {
  const fields: Record<string, ObjectField> = {};
  const value: Record<string, Value> = {};
  let constant = true;
  let secret = false;
  for (const e of node.entries) {
    fields[e.key.text] = { type: cx.typeOf(e.value), optional: false };
    if (cx.isSecret(e.value)) secret = true;
    const v = cx.valueOf(e.value);
    if (v === undefined) constant = false;
    else value[e.key.text] = v;
  }
  return { type: { kind: 'object', fields }, secret, ...(constant ? { value } : {}) };
}
