import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import { SourceFile } from '../../compiler/diagnostics/index.ts';
import { LINT_RULE_IDS } from '../../compiler/lint/index.ts';
import type { DiagnosticData } from './convert.ts';

const LINT_RULES: ReadonlySet<string> = new Set(LINT_RULE_IDS);
const DIRECTIVE = /^(\s*)\/\/\s*mbp-disable-next-line\b(.*)$/;

function dataOf(d: LspDiagnostic): DiagnosticData | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return data && Array.isArray(data.fixes) ? (data as DiagnosticData) : undefined;
}

/**
 * Quick fixes for the diagnostics the client sends back: every fix-it the
 * compiler attached (carried in `Diagnostic.data`), and, for a lint finding,
 * a `// mbp-disable-next-line RULE` comment above its line with the line's
 * indentation (added to an existing directive there instead of stacking two).
 */
export function codeActions(uri: string, text: string, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  let source: SourceFile | undefined;
  for (const d of diagnostics) {
    if (d.source !== 'mbp') continue;
    const fixes = dataOf(d)?.fixes ?? [];
    for (const fix of fixes) {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of fix.edits) (changes[e.uri] ??= []).push(e.edit);
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes }, ...(fixes.length === 1 ? { isPreferred: true } : {}) });
    }
    const rule = typeof d.code === 'string' && LINT_RULES.has(d.code) ? d.code : undefined;
    if (rule === undefined) continue;
    source ??= new SourceFile(uri, text);
    actions.push({ title: `Disable ${rule} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [uri]: [disableEdit(source, d.range.start.line, rule)] } } });
  }
  return actions;
}

function disableEdit(source: SourceFile, line: number, rule: string): TextEdit {
  const lineText = source.lineText(line + 1);
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  const above = line > 0 ? source.lineText(line) : undefined;
  const existing = above !== undefined ? DIRECTIVE.exec(above) : null;
  const rest = existing?.[2] ?? '';
  const reason = rest.indexOf('--');
  const list = (reason >= 0 ? rest.slice(0, reason) : rest).trimEnd();
  if (existing && list.trim() !== '') {
    // `// mbp-disable-next-line a, b -- reason`: the new id goes after the last one, before any reason.
    const position = { line: line - 1, character: existing[0].length - rest.length + list.length };
    return { range: { start: position, end: position }, newText: `, ${rule}` };
  }
  const eol = source.text.includes('\r\n') ? '\r\n' : '\n';
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${indent}// mbp-disable-next-line ${rule}${eol}` };
}
