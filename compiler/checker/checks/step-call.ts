import type { Call, Expr, Step } from '../../../grammar/index.ts';
import { lookupStep, type StepDef } from '../../../stdlib/index.ts';
import { describeKind } from '../../binder/index.ts';
import type { StructureContext } from '../context.ts';
import { calleeText, stdPathOf } from '../std-path.ts';
import { workflowTarget } from '../targets.ts';
import { checkStepArguments } from './step-arguments.ts';
import { checkStdPath, describeStdPath } from './std-name.ts';
import { collectTsHookCall } from './ts-hook-call.ts';
import { checkWorkflowArguments, checkWorkflowObjectArguments } from './workflow-arguments.ts';

/** `step NAME = CALL(args)`: a step kind of the catalogue, or a workflow (named arguments). */
export function checkStepCall(cx: StructureContext, step: Step): void {
  const call = step.call;
  if (call.kind !== 'Call') return;
  const callee = calleeText(call.callee);
  const target = cx.stepTargetOf(step);
  if (target?.kind === 'workflow') {
    checkWorkflowArguments(cx, call, target.target, callee);
    return;
  }
  if (target?.kind === 'step') {
    if (target.def.context === 'ready') {
      typeArguments(cx, call);
      cx.report('MBP2063', call.callee.span, { detail: `\`${callee}\` is a readiness check: it is written only as an os_template's \`ready = ${callee}(...)\`` });
      return;
    }
    const bound = checkStepArguments(cx, call, target.def);
    special(cx, call, target.def, bound);
    return;
  }
  typeArguments(cx, call);
  const std = stdPathOf(call.callee, cx.binding);
  if (std) {
    if (checkStdPath(cx, call.callee)) {
      cx.report('MBP2019', call.callee.span, { name: callee, reason: `it is ${describeStdPath(std.path)}, not a step kind` });
    }
    return;
  }
  const symbol = call.callee.kind === 'Ref' || call.callee.kind === 'Member' ? cx.binding.resolve(call.callee) : undefined;
  if (symbol) {
    const reason = symbol.kind === 'function' ? 'it is a function; a step runs a step kind (`std.…`) or a workflow' : `it is ${describeKind(symbol.kind)}, not a step kind or a workflow`;
    cx.report('MBP2019', call.callee.span, { name: callee, reason });
  }
}

function typeArguments(cx: StructureContext, call: Call): void {
  for (const a of call.args) cx.typeOf(a);
  for (const n of call.named) cx.typeOf(n.value);
}

/** The step kinds whose arguments say more than their types: a workflow to call, a TypeScript hook. */
function special(cx: StructureContext, call: Call, def: StepDef, bound: ReadonlyMap<string, Expr>): void {
  if (def === lookupStep('std.ts.call')) {
    collectTsHookCall(cx, call, bound);
    return;
  }
  if (!def.outputsFromWorkflow) return;
  const named = bound.get('workflow');
  if (!named) return;
  const target = workflowTarget(cx.binding, named);
  if (!target) {
    const symbol = named.kind === 'Ref' || named.kind === 'Member' ? cx.binding.resolve(named) : undefined;
    if (symbol) {
      cx.report('MBP2020', named.span, { name: symbol.name, actual: describeKind(symbol.kind), what: 'the first argument of `std.workflow.call`', expected: 'a workflow' });
    } else if (named.kind !== 'Ref' && named.kind !== 'Member') {
      cx.typeOf(named);
      cx.report('MBP2020', named.span, { name: calleeText(named), actual: 'an expression', what: 'the first argument of `std.workflow.call`', expected: 'a workflow' });
    }
    return;
  }
  const args = bound.get('args');
  if (args?.kind === 'ObjectExpr') checkWorkflowObjectArguments(cx, args, target, calleeText(named), named);
}
