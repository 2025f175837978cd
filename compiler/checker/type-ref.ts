import type { TypeRef } from '../../grammar/index.ts';
import { T, type ObjectField, type Type } from '../../stdlib/index.ts';

const NAMED: Readonly<Record<string, Type>> = {
  string: T.string,
  int: T.int,
  bool: T.bool,
  duration: T.duration,
  size: T.size,
  ip: T.ip,
  cidr: T.cidr,
  instance: T.instance,
  instance_array: T.instanceArray,
  network: T.network,
  subnet: T.subnet,
};

/** The type a written type stands for; an unknown name (already reported by the parser) is `error`. */
export function typeFromRef(ref: TypeRef): Type {
  switch (ref.kind) {
    case 'TypeName':
      return NAMED[ref.name.text] ?? T.error;
    case 'ListType':
      return T.list(typeFromRef(ref.element));
    case 'MapType':
      return T.map(typeFromRef(ref.element));
    case 'ObjectType': {
      const fields: Record<string, ObjectField> = {};
      for (const f of ref.fields) fields[f.name.text] = { type: typeFromRef(f.type), optional: false };
      return { kind: 'object', fields };
    }
    case 'ErrorType':
      return T.error;
  }
}
