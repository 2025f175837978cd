import type { Member } from '../../../grammar/index.ts';
import { isObject, T, typeToString } from '../../../stdlib/index.ts';
import { suggestName } from '../../binder/index.ts';
import type { CheckContext, Inferred } from '../context.ts';
import { fieldsOf } from '../fields.ts';

/** `x.name` on a value: object and resource fields, map keys. (Import-alias members and `std` paths are handled before.) */
export function inferMemberAccess(cx: CheckContext, node: Member): Inferred {
  const objectType = cx.typeOf(node.object);
  const secret = cx.isSecret(node.object);
  const name = node.name.text;
  const objectValue = cx.valueOf(node.object);
  const value = objectValue !== undefined && isObject(objectValue) && Object.hasOwn(objectValue, name) ? objectValue[name] : undefined;
  const done = (type: Inferred['type']): Inferred => ({ type, secret, ...(value !== undefined ? { value } : {}) });
  switch (objectType.kind) {
    case 'error':
      return { type: T.error };
    case 'any':
      return done(T.any);
    case 'map':
      return done(objectType.element);
  }
  const fields = fieldsOf(objectType);
  if (!fields) {
    cx.report('MBP2043', node.name.span, { type: typeToString(objectType), name });
    return { type: T.error };
  }
  const field = fields[name];
  if (!field) {
    const typeText = objectType.kind === 'object' ? 'this object' : `\`${typeToString(objectType)}\``;
    cx.report('MBP2042', node.name.span, { type: typeText, name }, suggestName(name, Object.keys(fields), cx.file, node.name.span));
    return { type: T.error };
  }
  return done(field.type);
}
