import { defineCodes } from './code-table.ts';

/**
 * MBP2001–MBP2039: names, imports, and the shape of bodies (which attributes,
 * blocks and declarations a block kind holds). Owned by `compiler/binder/`
 * and `compiler/checker/`. A did-you-mean goes in the help, with a fix-it.
 */
export const nameCodes = defineCodes({
  MBP2001: {
    severity: 'error',
    title: 'undefined name',
    message: 'cannot find `{name}` in this scope',
  },
  MBP2002: {
    severity: 'error',
    title: 'duplicate declaration',
    message: '`{name}` is declared more than once in this {scope}',
    help: 'rename one of them',
  },
  MBP2003: {
    severity: 'error',
    title: 'imported file not found',
    message: 'cannot find the imported file "{path}"',
    help: 'an import path is relative to the importing file\'s directory',
  },
  MBP2004: {
    severity: 'error',
    title: 'import cycle',
    message: 'import cycle: {chain}',
    help: 'move what both files need into a third file that imports neither',
  },
  MBP2005: {
    severity: 'error',
    title: 'unknown name in an imported module',
    message: '`{alias}` ("{path}") has no declaration named `{name}`',
  },
  MBP2006: {
    severity: 'error',
    title: 'unknown function',
    message: 'unknown function `{name}`',
  },
  MBP2007: {
    severity: 'error',
    title: 'unknown standard library name',
    message: '`{name}` is not part of the standard library',
  },
  MBP2008: {
    severity: 'error',
    title: 'unknown attribute',
    message: '`{name}` is not an attribute of `{block}`',
  },
  MBP2009: {
    severity: 'error',
    title: 'unknown block',
    message: '`{name}` is not a block allowed in `{block}`',
  },
  MBP2010: {
    severity: 'error',
    title: 'declaration not allowed here',
    message: '`{keyword}` is not allowed in `{block}`',
  },
  MBP2011: {
    severity: 'error',
    title: 'context value not available',
    message: '`{name}` is not available here',
  },
  MBP2012: {
    severity: 'error',
    title: 'unknown hook phase',
    message: 'unknown hook phase `{phase}`',
  },
  MBP2013: {
    severity: 'error',
    title: 'hook phase not allowed here',
    message: 'a `{phase}` hook is not allowed in `{block}`',
  },
  MBP2014: {
    severity: 'error',
    title: 'unknown argument',
    message: '`{callee}` has no parameter named `{name}`',
  },
  MBP2015: {
    severity: 'error',
    title: 'missing argument',
    message: '`{callee}` needs the argument `{name}`',
  },
  MBP2016: {
    severity: 'error',
    title: 'too many positional arguments',
    message: '`{callee}` takes at most {max} positional argument{plural}, got {count}',
  },
  MBP2017: {
    severity: 'error',
    title: 'positional argument in a workflow call',
    message: 'workflow `{callee}` is called with named arguments only',
  },
  MBP2018: {
    severity: 'error',
    title: 'argument given twice',
    message: 'argument `{name}` is given both by position and by name',
  },
  MBP2019: {
    severity: 'error',
    title: 'not a workflow or step kind',
    message: '`{name}` cannot be run here: {reason}',
  },
  MBP2020: {
    severity: 'error',
    title: 'wrong kind of name',
    message: '`{name}` is {actual}, but {what} must name {expected}',
  },
  MBP2021: {
    severity: 'error',
    title: 'not a value',
    message: '`{name}` is {actual}, not a value',
  },
  MBP2022: {
    severity: 'error',
    title: 'recursive definition',
    message: '`{name}` depends on itself: {chain}',
  },
  MBP2023: {
    severity: 'error',
    title: 'missing required attribute',
    message: '`{block}` needs the attribute `{name}`',
  },
  MBP2024: {
    severity: 'error',
    title: 'attribute needs another',
    message: '`{name}` needs `{requires}` alongside it',
  },
  MBP2025: {
    severity: 'error',
    title: 'attributes cannot be used together',
    message: '`{first}` and `{second}` cannot be used together',
  },
  MBP2026: {
    severity: 'error',
    title: 'one of several attributes needed',
    message: '`{block}` needs {choices}',
  },
  MBP2027: {
    severity: 'error',
    title: 'duplicate attribute',
    message: 'attribute `{name}` is set more than once',
  },
  MBP2028: {
    severity: 'error',
    title: 'duplicate block',
    message: '{what} appears more than once in `{block}`',
  },
  MBP2029: {
    severity: 'error',
    title: 'wrong block labels',
    message: '`{name}` {expected}',
  },
  MBP2030: {
    severity: 'error',
    title: 'attribute written as a block',
    message: '`{name}` is {actual} in `{block}`, not {written}',
  },
  MBP2031: {
    severity: 'error',
    title: 'attribute in both forms',
    message: '`{name}` is written both as an attribute and as a block',
    help: 'keep one of the two forms',
  },
  MBP2032: {
    severity: 'error',
    title: 'unknown parameter',
    message: 'a value is given for `{name}`, but no blueprint declares a param of that name',
  },
  MBP2033: {
    severity: 'error',
    title: 'parameter without a value',
    message: 'param `{name}` has no default and no value was given',
    help: 'pass one with `--param {name}=VALUE` or in a `--params` file, or give the param a default',
  },
  MBP2034: {
    severity: 'error',
    title: 'parameter file cannot be used',
    message: 'cannot use the parameter file: {reason}',
    help: 'a `--params` file is a JSON object of values by param name, e.g. `{ "workers": 5 }`',
  },
  MBP2035: {
    severity: 'error',
    title: 'exclusive arguments',
    message: '`{callee}` takes {rule} of {members}',
  },
});
