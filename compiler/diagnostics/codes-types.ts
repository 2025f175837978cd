import { defineCodes } from './code-table.ts';

/**
 * MBP2040–MBP2089: types, values and constraints: what an expression is, and
 * whether it fits where it is written. Owned by `compiler/checker/` and
 * `compiler/params/`. Types are spelt as in the language (`list(string)`).
 */
export const typeCodes = defineCodes({
  MBP2040: {
    severity: 'error',
    title: 'type mismatch',
    message: '{what} must be {expected}, got {actual}',
  },
  MBP2041: {
    severity: 'error',
    title: 'invalid enumerated value',
    message: '"{value}" is not a valid `{enumName}` value',
    help: 'expected one of {allowed}',
  },
  MBP2042: {
    severity: 'error',
    title: 'unknown field',
    message: '{type} has no field `{name}`',
  },
  MBP2043: {
    severity: 'error',
    title: 'value has no fields',
    message: 'a value of type {type} has no fields (`.{name}`)',
  },
  MBP2044: {
    severity: 'error',
    title: 'cannot index',
    message: 'a value of type {type} cannot be indexed',
    help: 'only lists (by int) and maps or objects (by string) can be indexed',
  },
  MBP2045: {
    severity: 'error',
    title: 'wrong index type',
    message: 'a {container} is indexed by {expected}, got {actual}',
  },
  MBP2046: {
    severity: 'error',
    title: 'invalid function argument',
    message: '{detail}',
  },
  MBP2047: {
    severity: 'error',
    title: 'wrong number of function arguments',
    message: '{detail}',
  },
  MBP2048: {
    severity: 'error',
    title: 'invalid operands',
    message: '`{op}` cannot be applied to {left} and {right}',
  },
  MBP2049: {
    severity: 'error',
    title: 'invalid operand',
    message: 'unary `{op}` cannot be applied to {type}',
  },
  MBP2050: {
    severity: 'error',
    title: 'condition is not a bool',
    message: '{what} must be a bool, got {actual}',
  },
  MBP2051: {
    severity: 'error',
    title: 'branches of different types',
    message: 'the branches of `? :` have different types: {left} and {right}',
  },
  MBP2052: {
    severity: 'error',
    title: 'list elements of different types',
    message: 'this element is {actual}, but the elements before it are {expected}',
  },
  MBP2053: {
    severity: 'error',
    title: 'value cannot be interpolated',
    message: 'a value of type {type} cannot be written inside `${...}`',
  },
  MBP2054: {
    severity: 'error',
    title: 'not iterable',
    message: '{what} must be a list or a map, got {type}',
  },
  MBP2055: {
    severity: 'error',
    title: 'value out of range',
    message: '{what} must be {bound}, got {value}',
  },
  MBP2056: {
    severity: 'error',
    title: 'value not allowed',
    message: '{value} is not an allowed value of param `{name}`',
    help: 'allowed: {allowed}',
  },
  MBP2057: {
    severity: 'error',
    title: 'value does not match the pattern',
    message: '{value} does not match the pattern of param `{name}` (/{pattern}/)',
  },
  MBP2058: {
    severity: 'error',
    title: 'constraint not valid for this type',
    message: '`{constraint}` does not apply to a param of type {type}',
  },
  MBP2059: {
    severity: 'error',
    title: 'invalid pattern',
    message: 'invalid regular expression: {reason}',
  },
  MBP2060: {
    severity: 'error',
    title: 'invalid parameter value',
    message: 'the value given for param `{name}` is not {type}: {reason}',
  },
  MBP2061: {
    severity: 'error',
    title: 'secret in a visible value',
    message: '{what} is built from a secret, and would show in plans and output',
    help: 'secrets may only flow into step and hook arguments, which keep them as references; remove the secret from this value',
  },
  MBP2062: {
    severity: 'error',
    title: 'function call fails',
    message: '{detail}',
  },
  MBP2063: {
    severity: 'error',
    title: 'wrong place for this call',
    message: '{detail}',
  },
  MBP2064: {
    severity: 'error',
    title: 'not a constant',
    message: '{what} must be known when the blueprint is compiled',
    help: 'write it as a literal, or from params and lets whose values are known',
  },
  MBP2065: {
    severity: 'error',
    title: 'arithmetic error',
    message: '{detail}',
  },
  MBP2066: {
    severity: 'error',
    title: 'incomparable values',
    message: 'values of type {left} and {right} are never equal',
  },
  MBP2067: {
    severity: 'error',
    title: 'default of the wrong type',
    message: 'the default of `{name}` must be {expected}, got {actual}',
  },
});
