import type { Call } from '../../../grammar/index.ts';
import { lookupStep, T } from '../../../stdlib/index.ts';
import { describeKind, type MbpSymbol } from '../../binder/index.ts';
import type { CheckContext, Inferred } from '../context.ts';
import { calleeText, stdPathOf } from '../std-path.ts';
import { checkStdPath } from './std-name.ts';

/**
 * A call in an expression that is not a built-in function: a step kind, a
 * workflow or a value. Step kinds and workflows are run by `step` and `on`
 * declarations (and readiness checks by an os_template's `ready`), never
 * evaluated as values. The arguments are still checked.
 */
export function inferCallInExpression(cx: CheckContext, node: Call, symbol: MbpSymbol | undefined): Inferred {
  for (const a of node.args) cx.typeOf(a);
  for (const n of node.named) cx.typeOf(n.value);
  const name = calleeText(node.callee);
  const std = stdPathOf(node.callee, cx.binding);
  if (std) {
    if (!checkStdPath(cx, node.callee)) return { type: T.error };
    const step = lookupStep(std.path);
    const detail = !step
      ? `\`${name}\` cannot be called`
      : step.context === 'ready'
        ? `\`${name}\` is a readiness check: it is written only as an os_template's \`ready = ${name}(...)\``
        : `\`${name}\` is a step kind: run it in a workflow or os_template as \`step NAME = ${name}(...)\``;
    cx.report('MBP2063', node.callee.span, { detail });
    return { type: T.error };
  }
  if (!symbol) return { type: T.error }; // undefined names are reported by the binder
  const detail =
    symbol.kind === 'workflow'
      ? `workflow \`${name}\` is run by a hook (\`on PHASE run ${name}(...)\`) or a step (\`step NAME = ${name}(...)\`), not called in an expression`
      : `\`${name}\` is ${describeKind(symbol.kind)}, not a function`;
  cx.report('MBP2063', node.callee.span, { detail });
  return { type: T.error };
}
