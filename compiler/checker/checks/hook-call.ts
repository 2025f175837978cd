import type { Hook } from '../../../grammar/index.ts';
import { describeKind } from '../../binder/index.ts';
import type { StructureContext } from '../context.ts';
import { calleeText, stdPathOf } from '../std-path.ts';
import { checkWorkflowArguments } from './workflow-arguments.ts';

/** `on PHASE run [NAME =] WORKFLOW(args)`: a hook runs a workflow, with named arguments only. */
export function checkHookCall(cx: StructureContext, hook: Hook): void {
  const call = hook.call;
  if (call.kind !== 'Call') return;
  const callee = calleeText(call.callee);
  const target = cx.workflowOf(hook);
  if (target) {
    checkWorkflowArguments(cx, call, target, callee);
    return;
  }
  for (const a of call.args) cx.typeOf(a);
  for (const n of call.named) cx.typeOf(n.value);
  if (stdPathOf(call.callee, cx.binding)) {
    cx.report('MBP2019', call.callee.span, { name: callee, reason: 'a hook runs a workflow' }, {
      help: `declare a workflow with \`step s = ${callee}(...)\` and run that workflow from the hook`,
    });
    return;
  }
  const symbol = call.callee.kind === 'Ref' || call.callee.kind === 'Member' ? cx.binding.resolve(call.callee) : undefined;
  if (symbol) cx.report('MBP2019', call.callee.span, { name: callee, reason: `it is ${describeKind(symbol.kind)}, and a hook runs a workflow` });
  else if (call.callee.kind !== 'Ref' && call.callee.kind !== 'Member') {
    cx.report('MBP2019', call.callee.span, { name: callee, reason: 'a hook runs a workflow, named as `NAME` or `alias.NAME`' });
  }
}
