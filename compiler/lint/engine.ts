import { tokenize, type Comment, type Module } from '../../grammar/index.ts';
import type { CheckedProgram } from '../checker/index.ts';
import type { RuleLevel } from '../config/index.ts';
import { unknownRule } from '../config/index.ts';
import { makeDiagnostic, type Diagnostic, type SourceFile } from '../diagnostics/index.ts';
import { mayHaveDirectives, parseDirectives, type DirectiveRule, type DisableDirective } from './directives.ts';
import type { LintFinding, LintRule } from './lint-rule.ts';
import { LINT_RULES } from './registry.ts';
import { unusedDirectiveFindings, unusedDisableDirective } from './rules/unused-disable-directive.ts';

export interface LintFileInput {
  readonly file: string;
  readonly source: SourceFile;
  readonly module: Module;
  readonly checked: CheckedProgram;
  /** The file's comments, when the caller has them; otherwise found by lexing again (only if the text mentions a directive). */
  readonly comments?: readonly Comment[];
}

export interface LintOptions {
  /** Levels from configuration; a rule not named keeps its default severity. */
  readonly levels?: ReadonlyMap<string, RuleLevel>;
  /** The rules to run (default: every rule); tests pass their own. */
  readonly rules?: readonly LintRule[];
}

const COMPILER_CODE = /^MBP\d{4}$/;

/**
 * Runs the enabled lint rules over one checked file, then applies the
 * file's `mbp-disable` comments: suppressed findings are dropped, and
 * directives that suppressed nothing are reported (`unused-disable-directive`).
 * A rule that throws becomes one MBP9001 diagnostic; the other rules still run.
 */
export function lintFile(input: LintFileInput, options: LintOptions = {}): Diagnostic[] {
  const rules = options.rules ?? LINT_RULES;
  const levelOf = (rule: LintRule): RuleLevel => options.levels?.get(rule.id) ?? rule.severity;
  const findings: Diagnostic[] = [];
  const out: Diagnostic[] = [];

  for (const rule of rules) {
    const level = levelOf(rule);
    if (level === 'off') continue;
    const report = (f: LintFinding): void => {
      findings.push(toDiagnostic(rule.id, level, input.file, f));
    };
    try {
      rule.check({ file: input.file, source: input.source, module: input.module, checked: input.checked, report });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      out.push(makeDiagnostic('MBP9001', input.file, { start: 0, end: 0 }, { stage: `lint rule ${rule.id}`, detail }));
    }
  }

  const comments = input.comments ?? (mayHaveDirectives(input.source.text) ? tokenize(input.source.text, input.file).comments : []);
  const directives = parseDirectives(comments, input.source);
  if (directives.length === 0) return [...out, ...findings];

  const ids = rules.map((r) => r.id);
  const used = new Map<DisableDirective, Set<DirectiveRule | 'all'>>();
  for (const directive of directives) {
    used.set(directive, new Set());
    for (const r of directive.rules) {
      if (COMPILER_CODE.test(r.id)) out.push(makeDiagnostic('MBP3091', input.file, r.range, { rule: r.id }));
      else if (!ids.includes(r.id)) out.push(unknownRule('MBP3090', input.file, r.range, r.id, ids));
    }
  }
  for (const finding of findings) {
    const line = input.source.positionAt(finding.range.start).line;
    const by = directives.find((d) => d.line === line && (d.rules.length === 0 || d.rules.some((r) => r.id === finding.code)));
    if (by === undefined) {
      out.push(finding);
      continue;
    }
    const marks = used.get(by)!;
    if (by.rules.length === 0) marks.add('all');
    else for (const r of by.rules) if (r.id === finding.code) marks.add(r);
  }

  const unusedLevel = options.levels?.get(unusedDisableDirective.id) ?? unusedDisableDirective.severity;
  if (unusedLevel !== 'off') {
    const candidates = directives.map((d) => ({
      directive: d,
      // Unknown ids and compiler codes are already reported above; saying "unused" too would be noise.
      unused: d.rules.filter((r) => ids.includes(r.id) && !used.get(d)!.has(r)),
      usedAny: used.get(d)!.size > 0,
    }));
    for (const f of unusedDirectiveFindings(candidates, input.source, input.file)) out.push(toDiagnostic(unusedDisableDirective.id, unusedLevel, input.file, f));
  }
  return out;
}

function toDiagnostic(code: string, level: Exclude<RuleLevel, 'off'>, file: string, f: LintFinding): Diagnostic {
  return {
    code,
    severity: level,
    message: f.message,
    file,
    range: f.range,
    related: f.related ?? [],
    ...(f.help !== undefined ? { help: f.help } : {}),
    fixes: f.fixes ?? [],
  };
}
