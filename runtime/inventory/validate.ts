import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { checkIntegrity } from './integrity.ts';
import type { InventoryProblem } from './errors.ts';
import { inventorySchema } from './schema.ts';
import type { Inventory } from './types.ts';

let ajv: Ajv2020 | undefined;
const compiled = new Map<object, ValidateFunction>();

/**
 * A schema's validator, compiled on first use and kept for the life of the
 * process: compiling costs far more than validating.
 */
export function validatorFor(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (fn === undefined) {
    // verbose: keeps the offending value and sub-schema on each error, so a message can say what was found.
    ajv ??= addFormats.default(new Ajv2020({ allErrors: true, verbose: true, strict: true }), ['date-time', 'uri']);
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/**
 * Every problem with a document: schema first, then (only when the structure
 * is sound, since they assume it) cross references. Empty means valid.
 */
export function findInventoryProblems(doc: unknown): InventoryProblem[] {
  const validate = validatorFor(inventorySchema);
  if (!validate(doc)) return describeSchemaErrors(validate.errors ?? []);
  return checkIntegrity(doc as Inventory);
}

/** `/servers/3/status` → `servers[3].status`. */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function describeOne(e: ErrorObject): InventoryProblem {
  const at = pointerToPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  // A misplaced secret in a credentials field must not end up on a terminal or in a CI log.
  const found = /credentials$/.test(e.instancePath) ? '' : ` (found ${shown(e.data)})`;
  switch (e.keyword) {
    case 'required':
      return { path: joinPath(at, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: joinPath(at, String(params.additionalProperty)), message: 'is not a known field (misspelt?)' };
    case 'enum':
      return { path: at, message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}${found}` };
    case 'const':
      return { path: at, message: `must be ${shown(params.allowedValue)}${found}` };
    case 'type':
      return { path: at, message: `must be ${String(params.type)}${found}` };
    case 'pattern': {
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      return { path: at, message: `must be ${description ?? `text matching ${String(params.pattern)}`}${found}` };
    }
    case 'format':
      return { path: at, message: `must be ${params.format === 'date-time' ? 'an ISO 8601 date-time such as 2025-01-31T12:00:00Z' : `a valid ${String(params.format)}`}${found}` };
    case 'uniqueItems':
      return { path: at, message: `must not repeat an item (items ${String(params.j)} and ${String(params.i)} are equal)` };
    default:
      return { path: at, message: `${e.message ?? 'is not valid'}${e.keyword === 'minLength' ? '' : found}` };
  }
}

/**
 * Turns ajv's errors into one line per problem. An `anyOf` (the schema uses
 * it only for "null or X") yields an error per branch; when the value has the
 * type of one branch only that branch's errors matter, otherwise the type
 * errors are merged into one "must be null or integer".
 */
export function describeSchemaErrors(errors: readonly ErrorObject[]): InventoryProblem[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const inBranch = (e: ErrorObject, a: ErrorObject) => e.schemaPath.startsWith(`${a.schemaPath}/`);
  const problems: InventoryProblem[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf') {
      const branch = errors.filter((b) => inBranch(b, e));
      const relevant = branch.filter((b) => b.keyword !== 'type' || b.instancePath !== e.instancePath);
      if (relevant.length > 0) continue; // reported one by one below
      const types = branch.map((b) => String((b.params as { type?: unknown }).type));
      problems.push({ path: pointerToPath(e.instancePath), message: `must be ${types.join(' or ')} (found ${shown(e.data)})` });
      continue;
    }
    const owner = anyOfs.find((a) => inBranch(e, a));
    if (owner !== undefined) {
      const branch = errors.filter((b) => inBranch(b, owner));
      const relevant = branch.filter((b) => b.keyword !== 'type' || b.instancePath !== owner.instancePath);
      if (relevant.length === 0 || !relevant.includes(e)) continue;
    }
    problems.push(describeOne(e));
  }
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
