export type { Diagnostic, Severity, TextRange, RelatedInformation, TextEdit, Fix } from './diagnostic.ts';
export { SourceFile, type Position } from './source-file.ts';
export { CODES, CODE_RANGES, codeEntry, type Code } from './codes.ts';
export type { CodeEntry } from './code-table.ts';
export { makeDiagnostic, fillTemplate, type MessageArgs, type DiagnosticExtras } from './make-diagnostic.ts';
