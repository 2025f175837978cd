import type { Expr } from '../../../grammar/index.ts';
import { T } from '../../../stdlib/index.ts';
import { describeKind, type MbpSymbol } from '../../binder/index.ts';
import type { CheckContext, Inferred } from '../context.ts';
import { checkStdPath, describeStdPath } from './std-name.ts';

/** Symbol kinds that name something other than a value (used where a value is expected, they are errors). */
const NOT_VALUES: ReadonlySet<MbpSymbol['kind']> = new Set(['workflow', 'os_template', 'infrastructure', 'import', 'std', 'function']);

export function isValueSymbol(symbol: MbpSymbol): boolean {
  return !NOT_VALUES.has(symbol.kind);
}

/** A workflow, template, import alias, function or `std` written where a value is expected. */
export function reportNotAValue(cx: CheckContext, expr: Expr, symbol: MbpSymbol): Inferred {
  cx.report('MBP2021', expr.span, { name: symbol.name, actual: describeKind(symbol.kind) });
  return { type: T.error };
}

/** A `std...` path written where a value is expected. */
export function reportStdNotAValue(cx: CheckContext, expr: Expr, path: string): Inferred {
  if (checkStdPath(cx, expr)) cx.report('MBP2021', expr.span, { name: path, actual: describeStdPath(path) });
  return { type: T.error };
}
