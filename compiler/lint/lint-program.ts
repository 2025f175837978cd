import type { CheckedProgram } from '../checker/index.ts';
import type { RuleLevel } from '../config/index.ts';
import type { Diagnostic } from '../diagnostics/index.ts';
import { lintFile, type LintOptions } from './engine.ts';

/**
 * Lints the entry files of a checked program (the files the user asked to
 * check; imported files are linted when they are checked themselves, as
 * ESLint lints only the files it is given), each with the rule levels of
 * its own configuration. A file with a syntax error is not linted: its tree
 * is a recovery guess, and advice about it (an "unused" name the broken line
 * meant to use) would be noise next to the error that matters.
 */
export function lintProgram(
  checked: CheckedProgram,
  levelsFor: (file: string) => ReadonlyMap<string, RuleLevel> = () => new Map(),
  options: Omit<LintOptions, 'levels'> = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const broken = new Set(checked.program.diagnostics.filter((d) => d.severity === 'error' && /^MBP1\d{3}$/.test(d.code)).map((d) => d.file));
  for (const [file, f] of checked.program.files) {
    if (!f.entry || broken.has(file)) continue;
    out.push(...lintFile({ file, source: f.source, module: f.module, checked }, { ...options, levels: levelsFor(file) }));
  }
  return out;
}
