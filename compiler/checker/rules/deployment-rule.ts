import type { Module } from '../../../grammar/index.ts';
import type { Diagnostic, SourceFile } from '../../diagnostics/index.ts';
import type { CheckedProgram } from '../checked-program.ts';

/**
 * A deployment rule (MBP3xxx): a check that needs the deployment model of
 * DESIGN.md section 1 on top of names and types. Each rule looks at one
 * file of a checked program; it trusts the checker for what it already
 * reports (unknown names, types, required attributes) and stays silent
 * where those are broken, so a problem is reported once.
 */
export interface DeploymentRule {
  /** The rule's file name, for internal-error messages. */
  readonly name: string;
  check(context: RuleContext): void;
}

export interface RuleContext {
  readonly file: string;
  readonly source: SourceFile;
  readonly module: Module;
  readonly checked: CheckedProgram;
  report(diagnostic: Diagnostic): void;
}
