import type { Body, Expr } from '../../grammar/index.ts';
import { isObject } from '../../stdlib/index.ts';
import { isLit, op, type Ir, type PlanRetry } from '../plan/index.ts';
import { constantOf } from './constants.ts';
import { lowerExpr } from './expr.ts';
import type { LowerState, Scope } from './state.ts';
import { attributeOf, blocksNamed } from './targets.ts';

/** Defaults of the retry policy (compiler/schemas: `retry`). */
const DEFAULT_BACKOFF_MS = 5_000;
const DEFAULT_MAX_BACKOFF_MS = 300_000;

export interface StepOptions {
  /** The steps named by `after` (undefined: the step written before). */
  readonly after?: readonly Expr[];
  readonly retry?: PlanRetry;
  readonly timeoutMs?: number;
  readonly when?: Ir;
  readonly forEach?: Ir;
}

/** `after`, `retry` (attribute or block), `timeout`, `when`, `for_each` of a step. */
export function stepOptions(state: LowerState, scope: Scope, options: Body | undefined): StepOptions {
  if (!options) return {};
  const afterExpr = attributeOf(options, 'after')?.value;
  const retry = retryOf(state, scope, options);
  const timeout = attributeOf(options, 'timeout')?.value;
  const when = attributeOf(options, 'when')?.value;
  const forEach = attributeOf(options, 'for_each')?.value;
  const timeoutValue = timeout ? constantOf(state, scope, timeout, 'a step\'s `timeout`') : undefined;
  const whenIr = when ? lowerExpr(state, scope, when) : undefined;
  return {
    ...(afterExpr ? { after: afterExpr.kind === 'ListExpr' ? afterExpr.items : [afterExpr] } : {}),
    ...(retry ? { retry } : {}),
    ...(typeof timeoutValue === 'number' ? { timeoutMs: timeoutValue } : {}),
    ...(whenIr && !(isLit(whenIr) && whenIr.lit === true) ? { when: whenIr } : {}),
    ...(forEach ? { forEach: lowerExpr(state, scope, forEach) } : {}),
  };
}

function retryOf(state: LowerState, scope: Scope, options: Body): PlanRetry | undefined {
  const attr = attributeOf(options, 'retry')?.value;
  const block = blocksNamed(options, 'retry')[0];
  let fields: Record<string, unknown> | undefined;
  if (attr) {
    const v = constantOf(state, scope, attr, 'a step\'s `retry`');
    if (v !== undefined && isObject(v)) fields = v;
  } else if (block) {
    fields = {};
    for (const name of ['attempts', 'backoff', 'max_backoff']) {
      const e = attributeOf(block.body, name)?.value;
      if (e) fields[name] = constantOf(state, scope, e, `\`retry.${name}\``);
    }
  }
  if (!fields || typeof fields.attempts !== 'number') return undefined;
  return {
    attempts: fields.attempts,
    backoff_ms: typeof fields.backoff === 'number' ? fields.backoff : DEFAULT_BACKOFF_MS,
    max_backoff_ms: typeof fields.max_backoff === 'number' ? fields.max_backoff : DEFAULT_MAX_BACKOFF_MS,
  };
}

/** Both conditions must hold (either may be absent). */
export function andWhen(a: Ir | undefined, b: Ir | undefined): Ir | undefined {
  if (!a) return b;
  if (!b) return a;
  if (isLit(a) && a.lit === true) return b;
  if (isLit(b) && b.lit === true) return a;
  return op('&&', [a, b]);
}
