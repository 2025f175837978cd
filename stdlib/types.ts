/**
 * The language's types (DESIGN.md section 2), shared by the checker, the
 * stdlib signatures, the language server and the TypeScript-hook mapping.
 * `any` is for values only known at run time with no declared shape;
 * `error` is the poison type of an expression that already has a diagnostic,
 * so one mistake does not cascade into more.
 */
export type Type =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'duration' }
  | { readonly kind: 'size' }
  | { readonly kind: 'ip' }
  | { readonly kind: 'cidr' }
  | { readonly kind: 'null' }
  | { readonly kind: 'list'; readonly element: Type }
  | { readonly kind: 'map'; readonly element: Type }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, ObjectField>> }
  | { readonly kind: 'instance' }
  | { readonly kind: 'instance_array' }
  | { readonly kind: 'network' }
  | { readonly kind: 'subnet' }
  | { readonly kind: 'any' }
  | { readonly kind: 'error' };

export interface ObjectField {
  readonly type: Type;
  readonly optional: boolean;
  readonly doc?: string;
}

const scalar = <K extends Type['kind']>(kind: K) => Object.freeze({ kind }) as Extract<Type, { kind: K }>;

export const T = {
  string: scalar('string'),
  int: scalar('int'),
  bool: scalar('bool'),
  duration: scalar('duration'),
  size: scalar('size'),
  ip: scalar('ip'),
  cidr: scalar('cidr'),
  null: scalar('null'),
  instance: scalar('instance'),
  instanceArray: scalar('instance_array'),
  network: scalar('network'),
  subnet: scalar('subnet'),
  any: scalar('any'),
  error: scalar('error'),
  list: (element: Type): Type => ({ kind: 'list', element }),
  map: (element: Type): Type => ({ kind: 'map', element }),
  object: (fields: Record<string, Type | ObjectField>): Type => ({
    kind: 'object',
    fields: Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, 'optional' in v ? v : { type: v, optional: false }]),
    ),
  }),
  optional: (type: Type, doc?: string): ObjectField => ({ type, optional: true, ...(doc ? { doc } : {}) }),
} as const;

/** The spelling used in messages and hover: `list(string)`, `object({ a = int })`. */
export function typeToString(t: Type): string {
  switch (t.kind) {
    case 'list':
    case 'map':
      return `${t.kind}(${typeToString(t.element)})`;
    case 'object': {
      const entries = Object.entries(t.fields).map(
        ([k, f]) => `${k}${f.optional ? '?' : ''} = ${typeToString(f.type)}`,
      );
      return entries.length === 0 ? 'object({})' : `object({ ${entries.join(', ')} })`;
    }
    default:
      return t.kind;
  }
}

/**
 * Whether a value of type `from` may be used where `to` is expected. `any` and
 * `error` fit everywhere (run-time values and already-reported mistakes);
 * strings do not silently become addresses: an `ip` must be written as one.
 */
export function isAssignable(from: Type, to: Type): boolean {
  if (from.kind === 'any' || from.kind === 'error' || to.kind === 'any' || to.kind === 'error') return true;
  if (from.kind === 'null') return true;
  switch (to.kind) {
    case 'list':
      return from.kind === 'list' && isAssignable(from.element, to.element);
    case 'map':
      // An object literal `{ a = 1, b = 2 }` is how a map is written.
      if (from.kind === 'object') return Object.values(from.fields).every((f) => isAssignable(f.type, to.element));
      return from.kind === 'map' && isAssignable(from.element, to.element);
    case 'object': {
      if (from.kind === 'map') {
        return Object.values(to.fields).every((f) => f.optional || isAssignable(from.element, f.type));
      }
      if (from.kind !== 'object') return false;
      for (const [name, field] of Object.entries(to.fields)) {
        const got = from.fields[name];
        if (!got) {
          if (!field.optional) return false;
        } else if (!isAssignable(got.type, field.type)) return false;
      }
      return Object.keys(from.fields).every((k) => k in to.fields);
    }
    default:
      return from.kind === to.kind;
  }
}

/** The context value `instance` (DESIGN.md section 2): run-time fields are typed, never guessed. */
export const INSTANCE_FIELDS: Readonly<Record<string, ObjectField>> = {
  index: { type: T.int, optional: false, doc: 'Position of the instance in its array, from 0.' },
  hostname: { type: T.string, optional: false, doc: 'The instance hostname (default `${array}-${index}`).' },
  ipv4: { type: T.ip, optional: false, doc: 'First IPv4 address of the instance (run time).' },
  ipv6: { type: T.ip, optional: false, doc: 'First IPv6 address of the instance, when it has one (run time).' },
  server: {
    type: T.object({ id: T.string, serial: T.string, type: T.string, rack: T.string }),
    optional: false,
    doc: 'The physical server bound to the instance (run time).',
  },
  vars: { type: T.map(T.any), optional: false, doc: 'Custom variables: infrastructure, array and instance `vars` merged, the narrower winning.' },
};
