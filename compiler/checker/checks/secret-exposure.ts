import type { Expr } from '../../../grammar/index.ts';
import type { BlockKind } from '../../schemas/index.ts';
import type { CheckContext } from '../context.ts';

/**
 * Where a secret may flow: step and hook arguments (kept as references in
 * the plan, resolved at apply), `when` conditions (deferred), lets (which
 * carry the taint on), workflow outputs (run-time values between hooks),
 * and an asset's `content` and `url` (deferred to install time). Every other
 * attribute, and top-level and infrastructure outputs, is shown by `mbp
 * plan`, `mbp output` or the inventory, so a secret there is an error.
 */
const ALLOWED: ReadonlySet<string> = new Set(['asset.content', 'asset.url', 'step_options.when', 'hook_options.when']);

export function secretAllowedIn(kind: BlockKind, attribute: string): boolean {
  return ALLOWED.has(`${kind}.${attribute}`);
}

export function checkSecretExposure(cx: CheckContext, expr: Expr, what: string): void {
  if (cx.isSecret(expr)) cx.report('MBP2061', expr.span, { what });
}
