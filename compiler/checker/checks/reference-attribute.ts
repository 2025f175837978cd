import type { Attribute, Expr, Node, OsTemplate } from '../../../grammar/index.ts';
import { lookupOsTemplate, lookupStep, T, typeToString } from '../../../stdlib/index.ts';
import { describeKind } from '../../binder/index.ts';
import type { AttributeSchema } from '../../schemas/index.ts';
import type { StructureContext } from '../context.ts';
import { stdPathOf } from '../std-path.ts';
import { checkAssignable } from './assignable.ts';
import { describeStdPath, checkStdPath } from './std-name.ts';
import { checkStepArguments } from './step-arguments.ts';
import { subjectText } from './subject.ts';

/**
 * Attributes that name a declaration rather than hold a value:
 * `template`/`base` (an os_template), `network` (a network of the same
 * infrastructure), `after` (steps of the same workflow) and `ready` (a
 * readiness check call). The facts found are recorded for later stages.
 * Returns false for reference kinds checked as plain values (inventory names).
 */
export function checkReferenceAttribute(cx: StructureContext, attr: Attribute, schema: AttributeSchema, owner: Node | undefined): boolean {
  switch (schema.reference) {
    case 'os_template':
      checkTemplate(cx, attr, owner);
      return true;
    case 'network': {
      if (!checkAssignable(cx, attr.value, T.network, attr.name)) return true;
      const symbol = attr.value.kind === 'Ref' ? cx.binding.resolve(attr.value) : undefined;
      if (symbol?.kind === 'network' && owner?.kind === 'Block') cx.record.network(owner, symbol);
      return true;
    }
    case 'step':
      checkAfter(cx, attr.value);
      return true;
    case 'ready_check':
      checkReady(cx, attr.value, owner);
      return true;
    default:
      return false;
  }
}

function checkTemplate(cx: StructureContext, attr: Attribute, owner: Node | undefined): void {
  const isBase = attr.name.text === 'base';
  const expected = isBase ? 'a built-in template (`std.os.*`)' : 'an os_template or a built-in template (`std.os.*`)';
  const expr = attr.value;
  const std = stdPathOf(expr, cx.binding);
  if (std) {
    if (!checkStdPath(cx, expr)) return;
    const def = lookupOsTemplate(std.path);
    if (!def) {
      cx.report('MBP2020', expr.span, { name: std.path, actual: describeStdPath(std.path), what: subjectText(attr.name), expected });
      return;
    }
    if (isBase && owner?.kind === 'OsTemplate') cx.record.base(owner, def);
    else if (owner?.kind === 'Block') cx.record.template(owner, { kind: 'builtin', def });
    return;
  }
  if (expr.kind !== 'Ref' && expr.kind !== 'Member') {
    const t = cx.typeOf(expr);
    cx.report('MBP2040', expr.span, { what: subjectText(attr.name), expected, actual: typeToString(t) });
    return;
  }
  const symbol = cx.binding.resolve(expr);
  if (!symbol) {
    // An unresolved name is reported by the binder; a field access is a value.
    if (expr.kind === 'Member') cx.report('MBP2040', expr.span, { what: subjectText(attr.name), expected, actual: typeToString(cx.typeOf(expr)) });
    return;
  }
  if (symbol.kind === 'os_template' && !isBase && symbol.declaration?.kind === 'OsTemplate') {
    if (owner?.kind === 'Block') cx.record.template(owner, { kind: 'custom', symbol, template: symbol.declaration, file: symbol.file });
    return;
  }
  cx.report('MBP2020', expr.span, { name: symbol.name, actual: describeKind(symbol.kind), what: subjectText(attr.name), expected });
}

function checkAfter(cx: StructureContext, expr: Expr): void {
  if (expr.kind !== 'ListExpr') {
    cx.report('MBP2040', expr.span, { what: '`after`', expected: 'a list of steps (`[a, b]`, or `[]` for none)', actual: typeToString(cx.typeOf(expr)) });
    return;
  }
  for (const item of expr.items) {
    if (item.kind !== 'Ref') {
      cx.report('MBP2040', item.span, { what: 'an element of `after`', expected: 'a step name', actual: typeToString(cx.typeOf(item)) });
      continue;
    }
    const symbol = cx.binding.resolve(item);
    if (symbol && symbol.kind !== 'step') {
      cx.report('MBP2020', item.span, { name: symbol.name, actual: describeKind(symbol.kind), what: '`after`', expected: 'steps of the same workflow or os_template' });
    }
  }
}

function checkReady(cx: StructureContext, expr: Expr, owner: Node | undefined): void {
  const help = 'write `ready = std.ready.ssh(port = 22, timeout = 20m)` or `ready = std.ready.callback(timeout = 30m)`';
  if (expr.kind !== 'Call') {
    cx.typeOf(expr);
    cx.report('MBP2063', expr.span, { detail: '`ready` takes a readiness check call' }, { help });
    return;
  }
  const std = stdPathOf(expr.callee, cx.binding);
  if (!std || !checkStdPath(cx, expr.callee)) {
    for (const a of expr.args) cx.typeOf(a);
    for (const n of expr.named) cx.typeOf(n.value);
    if (!std) cx.report('MBP2063', expr.callee.span, { detail: '`ready` takes a readiness check call (`std.ready.*`)' }, { help });
    return;
  }
  const def = lookupStep(std.path);
  if (!def || def.context !== 'ready') {
    for (const a of expr.args) cx.typeOf(a);
    for (const n of expr.named) cx.typeOf(n.value);
    cx.report('MBP2063', expr.callee.span, { detail: `\`${std.path}\` is ${describeStdPath(std.path)}, not a readiness check` }, { help });
    return;
  }
  checkStepArguments(cx, expr, def);
  if (owner?.kind === 'OsTemplate') cx.record.readyCheck(owner as OsTemplate, expr, def);
}

