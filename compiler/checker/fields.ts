import { INSTANCE_FIELDS, T, type ObjectField, type Type } from '../../stdlib/index.ts';

/*
 * The fields of the language's resource types, known only at run time and
 * typed here so references to them are checked (DESIGN.md: run-time values
 * are never guessed). `instance` comes from the stdlib; the others are the
 * checker's decision, documented in README.md.
 */

const field = (type: Type, doc: string): ObjectField => ({ type, optional: false, doc });

export const INSTANCE_ARRAY_FIELDS: Readonly<Record<string, ObjectField>> = {
  name: field(T.string, 'The array\'s name.'),
  count: field(T.int, 'Number of instances (summed over a `server_types` split).'),
  instances: field(T.list(T.instance), 'The array\'s instances, by index.'),
};

export const NETWORK_FIELDS: Readonly<Record<string, ObjectField>> = {
  name: field(T.string, 'The network\'s name.'),
  kind: field(T.string, 'The network kind: `wan`, `san` or `lan`.'),
  vlan: field(T.int, 'The VLAN id allocated to the network (run time).'),
};

export const SUBNET_FIELDS: Readonly<Record<string, ObjectField>> = {
  name: field(T.string, 'The subnet\'s name.'),
  cidr: field(T.cidr, 'The subnet allocated (run time).'),
  gateway: field(T.ip, 'Its gateway address (run time).'),
  prefix: field(T.int, 'Its prefix length.'),
  family: field(T.string, '`ipv4` or `ipv6`.'),
};

/** The context value `deployment` in hooks. */
export const DEPLOYMENT_TYPE: Type = T.object({
  added: { type: T.list(T.instance), optional: false, doc: 'The instances this run adds.' },
  removed: { type: T.list(T.instance), optional: false, doc: 'The instances this run removes.' },
});

/** The fields a value of this type has, when it is a record (objects and the resource types). */
export function fieldsOf(type: Type): Readonly<Record<string, ObjectField>> | undefined {
  switch (type.kind) {
    case 'object':
      return type.fields;
    case 'instance':
      return INSTANCE_FIELDS;
    case 'instance_array':
      return INSTANCE_ARRAY_FIELDS;
    case 'network':
      return NETWORK_FIELDS;
    case 'subnet':
      return SUBNET_FIELDS;
    default:
      return undefined;
  }
}
