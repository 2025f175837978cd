import { parse, type Expr } from '../../grammar/index.ts';
import { isValue, typeToString, type Type, type Value } from '../../stdlib/index.ts';
import type { ParamInput } from './param-inputs.ts';

export type Coerced = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly reason: string };

const ok = (value: Value): Coerced => ({ ok: true, value });
const no = (reason: string): Coerced => ({ ok: false, reason });

/**
 * A param value given from outside, as a value of the param's declared type.
 * Flag text is read as the language writes the type (`5`, `30s`, `40GiB`,
 * `10.0.0.0/16`, `true`; a string is taken as it is), and as JSON for lists,
 * maps and objects. JSON values take numbers for ints (and milliseconds or
 * bytes for durations and sizes) and strings written as the language does.
 */
export function coerceParamInput(type: Type, input: ParamInput): Coerced {
  return input.origin === 'flag' ? coerceText(type, input.text) : coerceJson(type, input.json, '');
}

export function coerceText(type: Type, text: string): Coerced {
  switch (type.kind) {
    case 'string':
      return ok(text);
    case 'int':
    case 'bool':
    case 'duration':
    case 'size':
    case 'ip':
    case 'cidr':
      return literal(type.kind, text);
    case 'list':
    case 'map':
    case 'object':
    case 'any': {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return type.kind === 'any' ? ok(text) : no(`write a ${typeToString(type)} as JSON, e.g. ${exampleJson(type)}`);
      }
      return coerceJson(type, json, '');
    }
    default:
      return no(`a param of type ${typeToString(type)} cannot be given a value`);
  }
}

function exampleJson(type: Type): string {
  if (type.kind === 'list') return `'["a","b"]'`;
  return `'{"key":"value"}'`;
}

function at(path: string): string {
  return path === '' ? '' : ` at ${path}`;
}

export function coerceJson(type: Type, json: unknown, path: string): Coerced {
  switch (type.kind) {
    case 'string':
      return typeof json === 'string' ? ok(json) : no(`expected a string${at(path)}`);
    case 'bool':
      return typeof json === 'boolean' ? ok(json) : no(`expected true or false${at(path)}`);
    case 'int':
    case 'duration':
    case 'size':
      if (typeof json === 'number') {
        if (!Number.isSafeInteger(json)) return no(`expected a whole number${at(path)}`);
        if (type.kind !== 'int' && json < 0) return no(`a ${type.kind} cannot be negative${at(path)}`);
        return ok(json);
      }
      if (typeof json === 'string') return literal(type.kind, json, path);
      return no(`expected a ${type.kind}${at(path)}`);
    case 'ip':
    case 'cidr':
      return typeof json === 'string' ? literal(type.kind, json, path) : no(`expected ${type.kind === 'ip' ? 'an address' : 'a CIDR'} as a string${at(path)}`);
    case 'list': {
      if (!Array.isArray(json)) return no(`expected a JSON array${at(path)}`);
      const out: Value[] = [];
      for (let i = 0; i < json.length; i++) {
        const r = coerceJson(type.element, json[i], `${path}[${i}]`);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return ok(out);
    }
    case 'map': {
      if (!isPlainObject(json)) return no(`expected a JSON object${at(path)}`);
      const out: Record<string, Value> = {};
      for (const [k, v] of Object.entries(json)) {
        const r = coerceJson(type.element, v, path === '' ? k : `${path}.${k}`);
        if (!r.ok) return r;
        out[k] = r.value;
      }
      return ok(out);
    }
    case 'object': {
      if (!isPlainObject(json)) return no(`expected a JSON object${at(path)}`);
      const out: Record<string, Value> = {};
      for (const [k, field] of Object.entries(type.fields)) {
        const sub = path === '' ? k : `${path}.${k}`;
        if (!Object.hasOwn(json, k)) {
          if (field.optional) continue;
          return no(`missing field "${sub}"`);
        }
        const r = coerceJson(field.type, json[k], sub);
        if (!r.ok) return r;
        out[k] = r.value;
      }
      const extra = Object.keys(json).find((k) => !Object.hasOwn(type.fields, k));
      if (extra !== undefined) return no(`unexpected field "${path === '' ? extra : `${path}.${extra}`}"`);
      return ok(out);
    }
    case 'any':
      return isValue(json) ? ok(json) : no(`not a JSON value${at(path)}`);
    default:
      return no(`a value of type ${typeToString(type)} cannot be given${at(path)}`);
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

const LITERAL_KIND = {
  int: 'IntLit',
  bool: 'BoolLit',
  duration: 'DurationLit',
  size: 'SizeLit',
  ip: 'IpLit',
  cidr: 'CidrLit',
} as const;

const EXAMPLES: Readonly<Record<keyof typeof LITERAL_KIND, string>> = {
  int: '5',
  bool: 'true',
  duration: '30s or 1h30m',
  size: '40GiB',
  ip: '10.0.0.1',
  cidr: '10.0.0.0/16',
};

/** Reads a literal as the language does, by parsing it as the value of a `let`. */
function literal(kind: keyof typeof LITERAL_KIND, text: string, path = ''): Coerced {
  const parsed = parse(`let v = ${text}\n`, '<param>');
  const decl = parsed.module.declarations[0];
  const expected = `expected ${kind === 'int' ? 'a whole number' : `${/^[aeiu]/.test(kind) ? 'an' : 'a'} ${kind}`} such as ${EXAMPLES[kind]}${at(path)}`;
  if (parsed.diagnostics.length > 0 || parsed.module.declarations.length !== 1 || decl?.kind !== 'Let') {
    const first = parsed.diagnostics[0];
    return no(first && first.code !== 'MBP1013' && first.code !== 'MBP1016' && first.code !== 'MBP1019' ? `${first.message}${at(path)}` : expected);
  }
  let value: Expr = decl.value;
  let negative = false;
  if (kind === 'int' && value.kind === 'Unary' && value.op === '-') {
    negative = true;
    value = value.operand;
  }
  if (value.kind !== LITERAL_KIND[kind]) return no(expected);
  switch (value.kind) {
    case 'IntLit':
      return ok(negative ? -value.value : value.value);
    case 'BoolLit':
    case 'DurationLit':
    case 'SizeLit':
      return ok(value.value);
    case 'IpLit':
      return ok(value.address);
    case 'CidrLit':
      return ok(`${value.address}/${value.prefix}`);
    default:
      return no(expected);
  }
}
