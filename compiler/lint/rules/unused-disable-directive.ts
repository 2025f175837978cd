import type { Fix, SourceFile, TextRange } from '../../diagnostics/index.ts';
import { removalRange } from '../../checker/rules/index.ts';
import type { DirectiveRule, DisableDirective } from '../directives.ts';
import { defineRule, type LintFinding } from '../lint-rule.ts';

/** Checked by the engine, which alone knows what each directive suppressed; the rule is here for its id, level and docs. */
export const unusedDisableDirective = defineRule({
  id: 'unused-disable-directive',
  severity: 'warning',
  docs: {
    summary: 'An `mbp-disable-next-line` or `mbp-disable-line` comment that suppresses nothing.',
    why: 'A disable comment outlives the finding it was written for: once the code is fixed it silently hides the next, unrelated finding on that line. Removing stale ones keeps suppressions meaningful.',
    bad: [
      'infrastructure web {',
      '  datacenter = "dc-east"',
      '  // mbp-disable-next-line prefer-server-types',
      '  network wan { kind = "wan" }',
      '}',
      '',
    ].join('\n'),
    good: ['infrastructure web {', '  datacenter = "dc-east"', '  network wan { kind = "wan" }', '}', ''].join('\n'),
  },
  check() {},
});

export interface DirectiveUsage {
  readonly directive: DisableDirective;
  /** Known rule ids of the directive that suppressed nothing. */
  readonly unused: readonly DirectiveRule[];
  /** Whether it suppressed anything at all. */
  readonly usedAny: boolean;
}

/** What to delete to take one id out of a directive's list, with the separator next to it. */
function idRemoval(rules: readonly DirectiveRule[], rule: DirectiveRule): TextRange {
  const i = rules.indexOf(rule);
  const next = rules[i + 1];
  if (next !== undefined) return { start: rule.range.start, end: next.range.start };
  const previous = rules[i - 1];
  return previous !== undefined ? { start: previous.range.end, end: rule.range.end } : rule.range;
}

export function unusedDirectiveFindings(usages: readonly DirectiveUsage[], source: SourceFile, file: string): LintFinding[] {
  const out: LintFinding[] = [];
  for (const { directive, unused, usedAny } of usages) {
    const removeComment: Fix = { title: 'remove the comment', edits: [{ file, range: removalRange(source, directive.range), text: '' }] };
    const target = directive.kind === 'line' ? 'this line' : 'the next line';
    if (directive.rules.length === 0) {
      if (!usedAny) out.push({ range: directive.range, message: `this disable comment suppresses nothing: no lint rule reports on ${target}`, fixes: [removeComment] });
      continue;
    }
    if (unused.length === 0) continue;
    if (unused.length === directive.rules.length) {
      const names = unused.map((r) => `\`${r.id}\``).join(', ');
      out.push({ range: directive.range, message: `this disable comment suppresses nothing: ${names} ${unused.length === 1 ? 'reports' : 'report'} nothing on ${target}`, fixes: [removeComment] });
      continue;
    }
    for (const r of unused) {
      out.push({
        range: r.range,
        message: `\`${r.id}\` reports nothing on ${target}: this part of the disable comment is unused`,
        fixes: [{ title: `remove \`${r.id}\` from the comment`, edits: [{ file, range: idRemoval(directive.rules, r), text: '' }] }],
      });
    }
  }
  return out;
}
