import type { Type } from '../types.ts';
import type { Value } from '../values.ts';

/**
 * Reads a text file for `file(path)`. The path it receives is already
 * resolved against the blueprint's directory. The compiler and the runtime
 * pass their own reader (a virtual file system in tests and the editor).
 * Throw when the file cannot be read; `file` turns it into a FunctionError.
 */
export interface FileReader {
  readText(absolutePath: string): string;
}

/** What a function may reach beyond its arguments. */
export interface CallContext {
  /** Directory of the blueprint file the call is written in; `file` paths are relative to it. */
  readonly baseDir: string;
  /** Absent where reading files is not allowed; `file` then fails with a clear message. */
  readonly files?: FileReader;
}

export type FunctionErrorKind =
  /** Wrong number of arguments. */
  | 'arity'
  /** An argument of the wrong shape or out of its domain. */
  | 'argument'
  /** A file could not be read. */
  | 'io';

/**
 * The one error a function implementation throws. `argIndex` (from 0) points
 * the diagnostic at the offending argument when there is one.
 */
export class FunctionError extends Error {
  override readonly name = 'FunctionError';
  constructor(
    readonly fn: string,
    readonly kind: FunctionErrorKind,
    message: string,
    readonly argIndex?: number,
  ) {
    super(`${fn}: ${message}`);
  }
}

export interface FunctionParam {
  readonly name: string;
  /** The type an argument must be assignable to (`any` for generic positions; `rule` then checks them). */
  readonly type: Type;
  /** How the type reads in signatures when it is generic, e.g. `list(T)`. */
  readonly typeLabel?: string;
  readonly doc: string;
  /** Optional trailing parameters may be left out. */
  readonly optional?: boolean;
}

/** Result of a generic type rule: the return type, or what is wrong with which argument. */
export type TypeRuleResult = { readonly type: Type } | { readonly error: string; readonly argIndex?: number };

export interface FunctionDef {
  readonly name: string;
  /** Fixed parameters, in order. */
  readonly params: readonly FunctionParam[];
  /** When present, the function takes any number (`min` or more) of further arguments of this shape. */
  readonly variadic?: FunctionParam & { readonly min: number };
  /** Return type; for generic functions see `rule`. */
  readonly returns: Type;
  /** How the return type reads in signatures when generic, e.g. `list(T)`. */
  readonly returnsLabel?: string;
  /**
   * Generic typing: from the argument types (already checked against the
   * parameter types) to the return type, or an error. For `concat(list(T)...)
   * → list(T)` this unifies the element types.
   */
  readonly rule?: (argTypes: readonly Type[]) => TypeRuleResult;
  /** One paragraph, shown on hover and in signature help. */
  readonly doc: string;
  /** One example call with its result, e.g. `upper("abc") → "ABC"`. */
  readonly example: string;
  /** Usable for compile-time constant folding (same inputs, same output, no side effect). */
  readonly pure: boolean;
  /** Reads files through `CallContext.files` (still pure: the compiler passes its reader). */
  readonly readsFiles?: boolean;
  readonly impl: (args: readonly Value[], ctx: CallContext) => Value;
}
