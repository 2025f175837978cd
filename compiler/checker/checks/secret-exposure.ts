import type { Expr } from '../../../grammar/index.ts';
import type { BlockKind } from '../../schemas/index.ts';
import type { CheckContext } from '../context.ts';
import { subjectText, type Subject } from './subject.ts';

/**
 * Where a secret may flow: step and hook arguments (kept as references in
 * the plan, resolved at apply), `when` conditions (deferred), lets (which
 * carry the taint on), workflow outputs (run-time values between hooks),
 * and an asset's `content` and `url` (deferred to install time). Every other
 * attribute, and top-level and infrastructure outputs, is shown by `mbp
 * plan`, `mbp output` or the inventory, so a secret there is an error.
 */
const ALLOWED: ReadonlyMap<BlockKind, ReadonlySet<string>> = new Map<BlockKind, ReadonlySet<string>>([
  ['asset', new Set(['content', 'url'])],
  ['step_options', new Set(['when'])],
  ['hook_options', new Set(['when'])],
]);

/** Asked for every attribute checked: a lookup by kind, then by name, without building a key string. */
export function secretAllowedIn(kind: BlockKind, attribute: string): boolean {
  return ALLOWED.get(kind)?.has(attribute) ?? false;
}

export function checkSecretExposure(cx: CheckContext, expr: Expr, what: Subject): void {
  if (cx.isSecret(expr)) cx.report('MBP2061', expr.span, { what: subjectText(what) });
}
