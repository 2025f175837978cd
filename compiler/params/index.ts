// Param values from outside a blueprint: `--param k=v` flags and `--params FILE` (JSON), typed by the declared param type.
export { parseParamFlag, paramInputs, ParamFlagError, type ParamInput, type ParamInputs } from './param-inputs.ts';
export { readParamsFile, type ParamsFileResult } from './read-params-file.ts';
export { coerceParamInput, coerceText, coerceJson, type Coerced } from './coerce.ts';
