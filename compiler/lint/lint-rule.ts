import type { Module } from '../../grammar/index.ts';
import type { CheckedProgram } from '../checker/index.ts';
import type { Fix, RelatedInformation, Severity, SourceFile, TextRange } from '../diagnostics/index.ts';

/**
 * A lint rule: a kebab-case id (the diagnostic `code`), a default severity
 * that `mbp.config.json` may change or turn off, docs for `docs/lint-rules.md`
 * and SARIF, and a check over one checked file. Lint findings are advice
 * about blueprints that compile: style, portability, hygiene, safety.
 */
export interface LintRuleDocs {
  /** One line: what the rule reports. */
  readonly summary: string;
  /** Why it matters, in a short paragraph. */
  readonly why: string;
  /** A complete blueprint the rule reports on. */
  readonly bad: string;
  /** The same blueprint, fixed. */
  readonly good: string;
}

export interface LintRule {
  readonly id: string;
  readonly severity: Severity;
  readonly docs: LintRuleDocs;
  check(context: LintContext): void;
}

/** What a rule reports; the engine adds the code, the file and the configured severity. */
export interface LintFinding {
  readonly range: TextRange;
  readonly message: string;
  readonly related?: readonly RelatedInformation[];
  readonly help?: string;
  readonly fixes?: readonly Fix[];
}

export interface LintContext {
  readonly file: string;
  readonly source: SourceFile;
  readonly module: Module;
  readonly checked: CheckedProgram;
  report(finding: LintFinding): void;
}

/** Identity with a type check, so each rule file states its rule as one literal. */
export function defineRule(rule: LintRule): LintRule {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(rule.id)) throw new Error(`lint rule id "${rule.id}" is not kebab-case`);
  return Object.freeze(rule);
}
