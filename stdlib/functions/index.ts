import { byName } from '../by-name.ts';
import { COLLECTION_FUNCTIONS } from './collections.ts';
import { CONVERSION_FUNCTIONS } from './conversion.ts';
import { ENCODING_FUNCTIONS } from './encoding.ts';
import { file } from './file.ts';
import { format } from './format.ts';
import type { FunctionDef } from './function-def.ts';
import { NETWORK_FUNCTIONS } from './network.ts';
import { NUMERIC_FUNCTIONS } from './numeric.ts';
import { render } from './render.ts';
import { STRING_FUNCTIONS } from './strings.ts';

export { FunctionError, type FunctionDef, type FunctionParam, type FileReader, type CallContext, type FunctionErrorKind, type TypeRuleResult } from './function-def.ts';
export { checkCall, signatureText, unify, unifyAll, paramAt, type CallCheck, type CallProblem } from './check-call.ts';
export { nodeFileReader } from './file.ts';
export { renderTemplate, TemplateError } from './template.ts';
export { RANGE_LIMIT } from './numeric.ts';

/** Every built-in function, sorted by name (duplicates would show here, not in FUNCTIONS). */
export const FUNCTION_LIST: readonly FunctionDef[] = Object.freeze(
  [
    file,
    render,
    format,
    ...ENCODING_FUNCTIONS,
    ...NETWORK_FUNCTIONS,
    ...STRING_FUNCTIONS,
    ...COLLECTION_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...CONVERSION_FUNCTIONS,
  ].sort(byName),
);

/** Every built-in function, keyed by name: the one table the checker, the evaluator and the editor read. */
export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = Object.freeze(
  Object.fromEntries(FUNCTION_LIST.map((f) => [f.name, f])),
);
