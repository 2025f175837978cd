import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The plan's JSON Schema (plan.schema.json beside this file), parsed once. */
export const PLAN_SCHEMA: object = JSON.parse(readFileSync(new URL('./plan.schema.json', import.meta.url), 'utf8')) as object;

let validator: ValidateFunction | undefined;

function validatorOf(): ValidateFunction {
  // strict: a mistake in the schema itself (an unknown keyword) fails loudly rather than validating nothing;
  // open tuples (a `ref` is a root then any number of names) are meant.
  validator ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictTuples: false }).compile(PLAN_SCHEMA);
  return validator;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the plan' : e.instancePath;
  return `${where}: ${e.message ?? 'is invalid'}`;
}

/** Every way a document departs from the plan schema; empty when it is a valid plan. */
export function planSchemaProblems(doc: unknown): string[] {
  const validate = validatorOf();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(describe);
}
