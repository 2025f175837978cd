import path from 'node:path';
import type { Call, Expr, Span } from '../../../grammar/index.ts';
import { T } from '../../../stdlib/index.ts';
import type { TextRange } from '../../diagnostics/index.ts';
import type { StructureContext } from '../context.ts';

/**
 * `std.ts.call(path, export, args)`: the path and export must be known at
 * compile time; the call becomes a request for the TypeScript hook checker
 * (run by `checkTsHooks`, asynchronously, after the synchronous checks).
 */
export function collectTsHookCall(cx: StructureContext, call: Call, args: ReadonlyMap<string, Expr>): void {
  const pathExpr = args.get('path');
  const exportExpr = args.get('export');
  if (!pathExpr || !exportExpr) return;
  const hookPath = cx.valueOf(pathExpr);
  const exportName = cx.valueOf(exportExpr);
  let ok = true;
  if (typeof hookPath !== 'string') {
    if (!cx.isSecret(pathExpr)) cx.report('MBP2064', pathExpr.span, { what: 'the path of a TypeScript hook' });
    ok = false;
  }
  if (typeof exportName !== 'string') {
    cx.report('MBP2064', exportExpr.span, { what: 'the export name of a TypeScript hook' });
    ok = false;
  }
  if (!ok || typeof hookPath !== 'string' || typeof exportName !== 'string') return;
  const argsExpr = args.get('args');
  const fieldSpans: Record<string, TextRange> = {};
  const constants: Record<string, string | number | boolean> = {};
  if (argsExpr) collectFields(cx, argsExpr, '', fieldSpans, constants);
  cx.record.tsHook({
    file: cx.file,
    hookPath: path.resolve(path.dirname(cx.file), hookPath),
    exportName,
    argsType: argsExpr ? cx.typeOf(argsExpr) : T.object({}),
    span: range((argsExpr ?? call).span),
    pathSpan: range(pathExpr.span),
    exportSpan: range(exportExpr.span),
    fieldSpans,
    constants,
  });
}

function range(span: Span): TextRange {
  return { start: span.start, end: span.end };
}

/** Spans and known values of the argument object's fields, by dotted path (`zone.name`). */
function collectFields(
  cx: StructureContext,
  expr: Expr,
  prefix: string,
  spans: Record<string, TextRange>,
  constants: Record<string, string | number | boolean>,
): void {
  if (expr.kind !== 'ObjectExpr') return;
  for (const e of expr.entries) {
    const key = prefix === '' ? e.key.text : `${prefix}.${e.key.text}`;
    spans[key] = range(e.value.span);
    const v = cx.valueOf(e.value);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') constants[key] = v;
    collectFields(cx, e.value, key, spans, constants);
  }
}
