/**
 * The one shape every stage reports problems in. Positions are offsets into the
 * file's text counted in UTF-16 code units (the unit JavaScript strings, LSP and
 * SARIF use by default); lines and columns are derived only when rendering.
 */
export type Severity = 'error' | 'warning' | 'info';

/** A half-open range of offsets: `start` inclusive, `end` exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface RelatedInformation {
  readonly message: string;
  readonly file: string;
  readonly range: TextRange;
}

export interface TextEdit {
  readonly file: string;
  readonly range: TextRange;
  readonly text: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  /** `MBPnnnn` from the code table, or a lint rule's kebab-case id. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly range: TextRange;
  readonly related: readonly RelatedInformation[];
  readonly help?: string;
  readonly fixes: readonly Fix[];
}
