import type { Type } from '../../stdlib/index.ts';

/**
 * The language's types as TypeScript type text (DESIGN.md section 2): string,
 * ip, cidr → `string`; int, duration (ms), size (bytes) → `number`; bool →
 * `boolean`; list → array, map → `Record`, object → object type; instance →
 * the hooks API's `Instance`. Pure and ts-morph-free: the cache key and the
 * probe both use it.
 */

export const INSTANCE_TYPE_NAME = 'Instance';

/** A field whose type has no TypeScript form (network, subnet), reported instead of mapped. */
export interface UnsupportedField {
  readonly path: readonly string[];
  readonly kind: string;
}

export type Constants = Readonly<Record<string, string | number | boolean>>;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** Element of a list or value of a map, in a field path: `hosts[]`. */
export const ELEMENT = '[]';

/** Dotted field path, the key of `fieldSpans` and `constants`: `server.id`, `hosts[]`. */
export function pathKey(path: readonly string[]): string {
  return path.map((seg, i) => (i === 0 || seg === ELEMENT ? seg : `.${seg}`)).join('');
}

/** `any`, `error` and `map(any)` (unknown at compile time, or already reported) become TypeScript `any`: they fit everywhere, as in the language. */
export function isUnknownType(t: Type): boolean {
  if (t.kind === 'any' || t.kind === 'error') return true;
  return t.kind === 'map' && (t.element.kind === 'any' || t.element.kind === 'error');
}

function baseScalar(t: Type): 'string' | 'number' | 'boolean' | undefined {
  switch (t.kind) {
    case 'string':
    case 'ip':
    case 'cidr':
      return 'string';
    case 'int':
    case 'duration':
    case 'size':
      return 'number';
    case 'bool':
      return 'boolean';
    default:
      return undefined;
  }
}

function arrayOf(text: string): string {
  return /^[\w$.<>"[\]]+$/.test(text) ? `${text}[]` : `Array<${text}>`;
}

/**
 * Type text for `t` at `path`; unsupported fields are collected (and typed
 * `any` so the rest still checks). A constant at a scalar's path gives its
 * literal type.
 */
export function tsTypeText(
  t: Type,
  path: readonly string[] = [],
  constants: Constants = {},
  unsupported: UnsupportedField[] = [],
): string {
  const base = baseScalar(t);
  if (base !== undefined) {
    const known = Object.hasOwn(constants, pathKey(path)) ? constants[pathKey(path)] : undefined;
    return known !== undefined && typeof known === base ? JSON.stringify(known) : base;
  }
  switch (t.kind) {
    case 'null':
      return 'null';
    case 'any':
    case 'error':
      return 'any';
    case 'instance':
      return INSTANCE_TYPE_NAME;
    case 'instance_array':
      return `${INSTANCE_TYPE_NAME}[]`;
    case 'network':
    case 'subnet':
      unsupported.push({ path, kind: t.kind });
      return 'any';
    case 'list':
      return arrayOf(tsTypeText(t.element, [...path, ELEMENT], constants, unsupported));
    case 'map':
      // A map of unknown values says nothing about its keys: checking it against required properties would only produce false errors.
      if (isUnknownType(t)) return 'any';
      return `Record<string, ${tsTypeText(t.element, [...path, ELEMENT], constants, unsupported)}>`;
    case 'object': {
      const members = Object.entries(t.fields).map(
        ([name, f]) =>
          `${propertyKey(name)}${f.optional ? '?' : ''}: ${tsTypeText(f.type, [...path, name], constants, unsupported)}`,
      );
      return members.length === 0 ? '{}' : `{ ${members.join('; ')} }`;
    }
    default:
      return 'unknown';
  }
}
