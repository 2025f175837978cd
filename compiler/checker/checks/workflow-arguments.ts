import type { Call, Expr, Name, NamedArg, ObjectExpr } from '../../../grammar/index.ts';
import { isAssignable, typeToString } from '../../../stdlib/index.ts';
import { suggestName } from '../../binder/index.ts';
import type { WorkflowTarget } from '../checked-program.ts';
import type { CheckContext } from '../context.ts';
import { typeFromRef } from '../type-ref.ts';

interface Argument {
  readonly name: Name;
  readonly value: Expr;
  /** Named arguments are recorded as references to the workflow parameter (rename follows them). */
  readonly node?: NamedArg;
}

/**
 * Arguments of a workflow run by a hook or a step: by name only, each a
 * parameter of the workflow (did-you-mean), of its declared type, and every
 * parameter without a default given.
 */
export function checkWorkflowArguments(cx: CheckContext, call: Call, target: WorkflowTarget, callee: string): void {
  call.args.forEach((arg, i) => {
    cx.typeOf(arg);
    const p = target.workflow.params[i];
    const fix = p
      ? { fixes: [{ title: `name the argument \`${p.name.text}\``, edits: [{ file: cx.file, range: { start: arg.span.start, end: arg.span.start }, text: `${p.name.text} = ` }] }] }
      : {};
    cx.report('MBP2017', arg.span, { callee }, { help: p ? `write \`${p.name.text} = …\`` : 'name each argument: `param = value`', ...fix });
  });
  // A positional argument is already reported; the parameter it would bind is not "missing" too.
  const byPosition = target.workflow.params.slice(0, call.args.length).map((p) => p.name.text);
  checkNamed(
    cx,
    call.named.map((n) => ({ name: n.name, value: n.value, node: n })),
    target,
    callee,
    call.callee.span,
    byPosition,
  );
}

/** `std.workflow.call(wf, { a = 1 })`: the object's keys are the arguments. */
export function checkWorkflowObjectArguments(cx: CheckContext, args: ObjectExpr, target: WorkflowTarget, callee: string, at: Expr): void {
  checkNamed(
    cx,
    args.entries.map((e) => ({ name: e.key, value: e.value })),
    target,
    callee,
    at.span,
    [],
  );
}

function checkNamed(
  cx: CheckContext,
  args: readonly Argument[],
  target: WorkflowTarget,
  callee: string,
  at: { start: number; end: number },
  alreadyGiven: readonly string[],
): void {
  const params = new Map(target.workflow.params.map((p) => [p.name.text, p]));
  const given = new Set<string>(alreadyGiven);
  for (const a of args) {
    const p = params.get(a.name.text);
    const t = cx.typeOf(a.value);
    if (!p) {
      cx.report('MBP2014', a.name.span, { callee, name: a.name.text }, suggestName(a.name.text, params.keys(), cx.file, a.name.span));
      continue;
    }
    given.add(p.name.text);
    const symbol = cx.binding.resolve(p.name);
    if (a.node && symbol) cx.binding.addReference({ file: cx.file, node: a.node, span: a.name.span, symbol });
    const expected = typeFromRef(p.type);
    if (!isAssignable(t, expected)) {
      cx.report('MBP2040', a.value.span, { what: `argument \`${p.name.text}\` of \`${callee}\``, expected: typeToString(expected), actual: typeToString(t) });
    }
  }
  for (const p of target.workflow.params) {
    if (!given.has(p.name.text) && !p.default) {
      cx.report('MBP2015', at, { callee, name: p.name.text }, {
        help: `add \`${p.name.text} = …\` (${typeToString(typeFromRef(p.type))})`,
        related: [{ message: `\`${p.name.text}\` is declared here`, file: target.file, range: p.name.span }],
      });
    }
  }
}
