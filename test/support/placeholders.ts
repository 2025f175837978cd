import { codeEntry, type Diagnostic } from '../../compiler/diagnostics/index.ts';

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `{name}` placeholders of a message template. */
export function templatePlaceholders(template: string | undefined): string[] {
  return [...(template ?? '').matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Placeholders of a diagnostic's code-table templates (message and help) that
 * are still in its message or help: its emitter did not pass that argument.
 */
export function unfilledPlaceholders(d: Diagnostic): string[] {
  const entry = codeEntry(d.code);
  if (entry === undefined) return [];
  return [...new Set([...templatePlaceholders(entry.message), ...templatePlaceholders(entry.help)])].filter(
    (name) => d.message.includes(`{${name}}`) || (d.help ?? '').includes(`{${name}}`),
  );
}
