import type { Expr, Param } from '../../grammar/index.ts';

/** A param's default: `= expr`, or `default = expr` in its body. */
export function paramDefault(decl: Param): Expr | undefined {
  if (decl.default) return decl.default;
  for (const e of decl.body?.entries ?? []) if (e.kind === 'Attribute' && e.name.text === 'default') return e.value;
  return undefined;
}
