import path from 'node:path';
import { makeDiagnostic, type Diagnostic, type TextRange } from '../diagnostics/index.ts';
import { pathKey } from './map-type.ts';
import type { Finding, TsHookRequest } from './request.ts';

/** The hook as the blueprint names it: relative to the blueprint's directory, `/`-separated. */
export function hookDisplayPath(request: TsHookRequest): string {
  const relative = path.relative(path.dirname(request.file), request.hookPath).split(path.sep).join('/');
  if (path.isAbsolute(relative)) return relative;
  return relative.startsWith('../') ? relative : `./${relative}`;
}

/** The span of the deepest field of `at` the checker gave a span for, else the whole `args`. */
function fieldRange(request: TsHookRequest, at: readonly string[]): TextRange {
  for (let n = at.length; n > 0; n--) {
    const span = request.fieldSpans?.[pathKey(at.slice(0, n))];
    if (span !== undefined) return span;
  }
  return request.span;
}

export function placeFinding(finding: Finding, request: TsHookRequest): Diagnostic {
  const range =
    finding.anchor === 'path' ? request.pathSpan : finding.anchor === 'export' ? request.exportSpan : fieldRange(request, finding.at ?? []);
  return makeDiagnostic(
    finding.code,
    request.file,
    range,
    { ...finding.args, path: hookDisplayPath(request) },
    {
      ...(finding.help !== undefined ? { help: finding.help } : {}),
      related: finding.related ?? [],
      fixes: finding.fix ? [{ title: finding.fix.title, edits: [{ file: request.file, range, text: finding.fix.text }] }] : [],
    },
  );
}
