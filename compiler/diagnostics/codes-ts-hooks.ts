import { defineCodes } from './code-table.ts';

/**
 * MBP2090–MBP2099: `std.ts.call(path, export, args)`, the blueprint's `args`
 * checked against the TypeScript hook's first parameter. Messages show the
 * language's type and the TypeScript type it maps to, so a hook author and a
 * blueprint author read the same thing.
 */
export const tsHookCodes = defineCodes({
  MBP2090: {
    severity: 'error',
    title: 'hook module cannot be read',
    message: 'cannot read the TypeScript hook module "{path}": {reason}',
    help: 'the path is relative to the blueprint\'s directory; check it for typos',
  },
  MBP2091: {
    severity: 'error',
    title: 'hook export not found',
    message: '"{path}" has no export named "{name}"',
    help: 'export the function: `export async function {name}(args: Args, ctx: HookContext)`',
  },
  MBP2092: {
    severity: 'error',
    title: 'hook export is not a function',
    message: 'export "{name}" of "{path}" is not a function: it is {what}',
    help: 'a hook is an exported function `(args, ctx) => Promise<result>`',
  },
  MBP2093: {
    severity: 'error',
    title: 'hook argument has the wrong type',
    message: 'argument "{field}" is {mbpType} (TypeScript {tsType}) but the hook expects {expected}',
  },
  MBP2094: {
    severity: 'error',
    title: 'hook argument missing',
    message: 'property "{field}" is missing: {owner} is {expected}',
    help: 'add `{name} = …` to the arguments, or make it optional in the hook (`{name}?: …`)',
  },
  MBP2095: {
    severity: 'error',
    title: 'hook argument not expected',
    message: 'argument "{field}" is not a property of {owner} {expected}',
    help: 'remove it, or add it to the hook\'s parameter type',
  },
  MBP2096: {
    severity: 'error',
    title: 'hook arguments do not fit',
    message: 'the arguments are {mbpType} (TypeScript {tsType}) but the hook expects {expected}',
  },
  MBP2097: {
    severity: 'error',
    title: 'hook signature not callable as a hook',
    message: 'hook "{name}" cannot be called as (args, ctx): {reason}',
    help: 'declare it as `export async function {name}(args: Args, ctx: HookContext): Promise<Result>`',
  },
  MBP2098: {
    severity: 'warning',
    title: 'hook ignores its arguments',
    message: 'hook "{name}" takes no parameters, so the arguments given here are ignored',
    help: 'remove the arguments, or declare a first parameter to receive them',
  },
  MBP2099: {
    severity: 'error',
    title: 'value cannot be passed to a hook',
    message: 'argument "{field}" is a {mbpType}, which has no TypeScript form and cannot be passed to a hook',
    help: 'pass the values the hook needs instead (a subnet\'s CIDR comes from `std.ipam.reserve_subnet` outputs, for example)',
  },
});
