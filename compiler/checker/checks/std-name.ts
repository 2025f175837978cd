import type { Expr } from '../../../grammar/index.ts';
import { lookupOsTemplate, lookupStep, stdChildren } from '../../../stdlib/index.ts';
import { suggestName } from '../../binder/index.ts';
import type { CheckContext } from '../context.ts';

/**
 * Checks each segment of a `std.a.b` chain against the standard library,
 * reporting the first unknown one with did-you-mean. Returns whether the
 * whole path names something (a namespace, a step kind, an OS template).
 */
export function checkStdPath(cx: CheckContext, expr: Expr): boolean {
  if (expr.kind === 'Ref') return true;
  if (expr.kind !== 'Member') return false;
  if (!checkStdPath(cx, expr.object)) return false;
  const parent = pathText(expr.object);
  const children = childrenOf(parent);
  if (children.includes(expr.name.text)) return true;
  const full = `${parent}.${expr.name.text}`;
  if (lookupStep(full) || lookupOsTemplate(full)) return true;
  cx.report('MBP2007', expr.name.span, { name: full }, suggestName(expr.name.text, children, cx.file, expr.name.span));
  return false;
}

// stdChildren scans the whole catalogue; a blueprint asks about the same few paths thousands of times.
const CHILDREN = new Map<string, readonly string[]>();
function childrenOf(path: string): readonly string[] {
  let known = CHILDREN.get(path);
  if (!known) CHILDREN.set(path, (known = stdChildren(path)));
  return known;
}

function pathText(expr: Expr): string {
  if (expr.kind === 'Ref') return expr.name.text;
  if (expr.kind === 'Member') return `${pathText(expr.object)}.${expr.name.text}`;
  return '';
}

/** What a valid `std` path names, for messages. */
export function describeStdPath(path: string): string {
  if (lookupOsTemplate(path)) return 'a built-in OS template';
  const step = lookupStep(path);
  if (step) return step.context === 'ready' ? 'a readiness check' : 'a step kind';
  return path === 'std' ? 'the standard library' : 'a standard library namespace';
}
