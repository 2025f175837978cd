import type { Expr } from '../../../grammar/index.ts';
import { enumValues, isEnumValue, type EnumName } from '../../../stdlib/index.ts';
import { closestName } from '../../diagnostics/index.ts';
import { listChoices, suggestName } from '../../binder/index.ts';
import type { CheckContext } from '../context.ts';

/**
 * An enumerated value is a string checked against its enum, when it is known
 * at compile time; a list of them (`boot_methods`) element by element. The
 * fix-it replaces the literal with the closest value.
 */
export function checkEnumValue(cx: CheckContext, expr: Expr, enumName: EnumName): void {
  if (expr.kind === 'ListExpr') {
    for (const item of expr.items) checkEnumValue(cx, item, enumName);
    return;
  }
  const value = cx.valueOf(expr);
  if (typeof value !== 'string' || isEnumValue(enumName, value)) return;
  const values = enumValues(enumName);
  const allowed = listChoices(values, '"');
  // Only a literal is replaced by the fix-it; a value that comes from elsewhere is fixed there.
  const extras = expr.kind === 'StringLit' ? suggestName(value, values, cx.file, expr.span, (v) => JSON.stringify(v)) : suggestHelp(value, values);
  cx.report('MBP2041', expr.span, { value, enumName, allowed }, {
    ...extras,
    help: extras.help ? `${extras.help} (expected one of ${allowed})` : `expected one of ${allowed}`,
  });
}

function suggestHelp(value: string, values: readonly string[]): { help?: string } {
  const best = closestName(value, values);
  return best === undefined ? {} : { help: `did you mean \`${JSON.stringify(best)}\`?` };
}
