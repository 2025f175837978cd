import type { Severity } from './diagnostic.ts';

/**
 * One entry of the diagnostic code table. `message` is a template whose
 * `{name}` placeholders are filled from the arguments given when the
 * diagnostic is made, so the wording lives here and nowhere else.
 */
export interface CodeEntry {
  readonly severity: Severity;
  /** Short title, used as the SARIF rule name and in docs. */
  readonly title: string;
  readonly message: string;
  /** Default help text (a template too); a call site may give a better one. */
  readonly help?: string;
}

/** Identity with a type check, so each range file states its codes as a literal table. */
export function defineCodes<T extends Record<string, CodeEntry>>(table: T): T {
  return table;
}
