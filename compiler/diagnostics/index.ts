export type { Diagnostic, Severity, TextRange, RelatedInformation, TextEdit, Fix } from './diagnostic.ts';
export { SourceFile, type Position } from './source-file.ts';
export { CODES, CODE_RANGES, codeEntry, type Code } from './codes.ts';
export type { CodeEntry } from './code-table.ts';
export { makeDiagnostic, fillTemplate, type MessageArgs, type DiagnosticExtras } from './make-diagnostic.ts';
export { compareDiagnostics, sortDiagnostics, countDiagnostics, type DiagnosticCounts } from './sort-diagnostics.ts';
export { displayPath } from './display-path.ts';
export { layoutLine, displayWidth, type Glyph } from './text-width.ts';
export { renderDiagnostic, renderDiagnostics, renderSummary, type TextRenderOptions, type SourceLookup } from './render-text.ts';
export {
  toJsonReport,
  renderJson,
  type JsonReport,
  type JsonDiagnostic,
  type JsonRange,
  type JsonRelated,
  type JsonFix,
  type JsonTextEdit,
  type JsonRenderOptions,
} from './render-json.ts';
export { closestName, editDistance } from './did-you-mean.ts';
export { toSarifLog, renderSarif, SARIF_SCHEMA_URI, SARIF_FINGERPRINT_KEY, type SarifRenderOptions, type SarifRuleInfo } from './render-sarif.ts';
