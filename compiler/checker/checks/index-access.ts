import type { Index } from '../../../grammar/index.ts';
import { isList, isObject, T, typeToString, unifyAll, type Type, type Value } from '../../../stdlib/index.ts';
import type { CheckContext, Inferred } from '../context.ts';

/** `xs[i]` and `m["k"]`: lists by int, maps and objects by string. */
export function inferIndex(cx: CheckContext, node: Index): Inferred {
  const objectType = cx.typeOf(node.object);
  const indexType = cx.typeOf(node.index);
  const secret = cx.isSecret(node.object) || cx.isSecret(node.index);
  const key = cx.valueOf(node.index);
  const container = cx.valueOf(node.object);
  const needs = (what: string, expected: Type): boolean => {
    if (indexType.kind === expected.kind || indexType.kind === 'any' || indexType.kind === 'error') return true;
    cx.report('MBP2045', node.index.span, { container: what, expected: typeToString(expected), actual: typeToString(indexType) });
    return false;
  };
  let value: Value | undefined;
  let type: Type;
  switch (objectType.kind) {
    case 'error':
      return { type: T.error };
    case 'any':
      return { type: T.any, secret };
    case 'list':
      if (!needs('list', T.int)) return { type: T.error };
      type = objectType.element;
      if (container !== undefined && isList(container) && typeof key === 'number') value = container[key < 0 ? container.length + key : key];
      break;
    case 'map':
      if (!needs('map', T.string)) return { type: T.error };
      type = objectType.element;
      if (container !== undefined && isObject(container) && typeof key === 'string' && Object.hasOwn(container, key)) value = container[key];
      break;
    case 'object': {
      if (!needs('object', T.string)) return { type: T.error };
      const known = typeof key === 'string' ? objectType.fields[key] : undefined;
      if (known) type = known.type;
      else {
        const u = unifyAll(Object.values(objectType.fields).map((f) => f.type));
        type = 'type' in u ? u.type : T.any;
      }
      if (container !== undefined && isObject(container) && typeof key === 'string' && Object.hasOwn(container, key)) value = container[key];
      break;
    }
    default:
      cx.report('MBP2044', node.object.span, { type: typeToString(objectType) });
      return { type: T.error };
  }
  return { type, secret, ...(value !== undefined ? { value } : {}) };
}
