import type { Diagnostic, Fix, RelatedInformation, Severity, TextRange } from './diagnostic.ts';
import { CODES, type Code } from './codes.ts';
import type { CodeEntry } from './code-table.ts';

export type MessageArgs = Readonly<Record<string, string | number>>;

export interface DiagnosticExtras {
  readonly related?: readonly RelatedInformation[];
  readonly help?: string;
  readonly fixes?: readonly Fix[];
  /** Overrides the table's severity (lint levels from configuration). */
  readonly severity?: Severity;
}

export function fillTemplate(template: string, args: MessageArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : whole,
  );
}

/** Makes a diagnostic from the code table; the message wording comes only from the table. */
export function makeDiagnostic(
  code: Code,
  file: string,
  range: TextRange,
  args: MessageArgs = {},
  extras: DiagnosticExtras = {},
): Diagnostic {
  const entry: CodeEntry = CODES[code];
  const help = extras.help ?? (entry.help !== undefined ? fillTemplate(entry.help, args) : undefined);
  return {
    code,
    severity: extras.severity ?? entry.severity,
    message: fillTemplate(entry.message, args),
    file,
    range,
    related: extras.related ?? [],
    ...(help !== undefined ? { help } : {}),
    fixes: extras.fixes ?? [],
  };
}
