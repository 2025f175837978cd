import type { Block, Expr, StringLit } from '../../../grammar/index.ts';
import { attributeOf, blockLabel, blocksNamed, instanceArraysOf } from '../../checker/rules/index.ts';
import type { Fix } from '../../diagnostics/index.ts';
import { defineRule, type LintContext } from '../lint-rule.ts';

const BLUEPRINT = (hostname: string) =>
  [
    'infrastructure web {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  instance_array app {',
    '    server_type = "M.8.32.2"',
    '    count       = 3',
    '    template    = std.os.ubuntu_2404',
    `    hostname    = "${hostname}"`,
    '    port 0 { network = wan }',
    '  }',
    '}',
    '',
  ].join('\n');

/** RFC 1123 host name label, as the OS installers and DHCP servers accept it. */
const MAX_LABEL = 63;
const INVALID = /[^a-z0-9-]/;

/** `My_Host.x` → `my-host-x`: what the fix-it writes. */
function sanitize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** What is wrong with the literal characters of a hostname; empty when nothing is. */
function problemsOf(literal: string, first: string, last: string, minLength: number): string[] {
  const problems: string[] = [];
  if (/[A-Z]/.test(literal)) problems.push('upper-case letters');
  if (literal.includes('_')) problems.push('`_`');
  const others = [...new Set([...literal].filter((c) => INVALID.test(c) && !/[A-Z_]/.test(c)))];
  if (others.length > 0) problems.push(others.map((c) => (c === ' ' ? 'spaces' : `\`${c}\``)).join(', '));
  if (first.startsWith('-')) problems.push('a leading `-`');
  if (last.endsWith('-')) problems.push('a trailing `-`');
  if (minLength > MAX_LABEL) problems.push(`more than ${MAX_LABEL} characters`);
  return problems;
}

function listProblems(problems: readonly string[]): string {
  return problems.length === 1 ? problems[0]! : `${problems.slice(0, -1).join(', ')} and ${problems[problems.length - 1]}`;
}

const HELP = 'a hostname is one DNS label: lower-case letters, digits and `-`, at most 63 characters, not starting or ending with `-`';

/** Digits of the highest instance index, when the count is known: `count = 120` → 3. */
function indexDigits(context: LintContext, array: Block): number {
  const count = attributeOf(array.body, 'count');
  const value = count !== undefined ? context.checked.valueOf(count.value) : undefined;
  return typeof value === 'number' && value > 1 ? String(value - 1).length : 1;
}

function checkLiteral(context: LintContext, expr: StringLit, where: string): void {
  const texts = expr.parts.filter((p) => p.kind === 'StringText');
  const literal = texts.map((p) => p.value).join('');
  const first = expr.parts[0]?.kind === 'StringText' ? expr.parts[0].value : 'x';
  const lastPart = expr.parts[expr.parts.length - 1];
  const last = lastPart?.kind === 'StringText' ? lastPart.value : 'x';
  // An interpolation gives at least one character (`instance.index` at least one digit).
  const minLength = literal.length + (expr.parts.length - texts.length);
  const problems = problemsOf(literal, first, last, minLength);
  if (problems.length === 0) return;
  // Only parts written without escapes can be rewritten in place.
  const rewritable = texts.every((p) => context.source.text.slice(p.span.start, p.span.end) === p.value);
  const changed = texts.filter((p) => sanitize(p.value) !== p.value);
  const fixable = rewritable && changed.length > 0 && !problems.some((p) => p.includes('leading') || p.includes('trailing') || p.startsWith('more'));
  const fixes: Fix[] = fixable
    ? [{ title: 'write it in lower case with `-`', edits: changed.map((p) => ({ file: context.file, range: p.span, text: sanitize(p.value) })) }]
    : [];
  context.report({ range: expr.span, message: `the hostname ${where} is not DNS-safe: it has ${listProblems(problems)}`, help: HELP, fixes });
}

function checkHostname(context: LintContext, expr: Expr, where: string): void {
  if (expr.kind === 'StringLit') return checkLiteral(context, expr, where);
  const value = context.checked.valueOf(expr);
  if (typeof value !== 'string') return;
  const problems = problemsOf(value, value, value, value.length);
  if (problems.length > 0) context.report({ range: expr.span, message: `the hostname ${where} (\`${value}\`) is not DNS-safe: it has ${listProblems(problems)}`, help: HELP });
}

/** Hostnames default to `${array}-${index}` with `_` turned into `-`: the array's name must make a good one. */
function checkDefault(context: LintContext, array: Block): void {
  const name = blockLabel(array);
  const label = array.labels[0];
  if (label === undefined || name === '') return;
  const derived = name.replace(/_/g, '-');
  const problems = problemsOf(derived, derived, 'x', derived.length + 1 + indexDigits(context, array));
  if (problems.length === 0) return;
  const first = array.body.entries[0];
  const indent = first !== undefined ? context.source.lineText(context.source.positionAt(first.span.start).line).match(/^\s*/)![0] : '';
  const pattern = `${sanitize(derived).replace(/^-+|-+$/g, '').slice(0, MAX_LABEL - 6)}-\${instance.index}`;
  const fixable = first !== undefined && !problems.some((p) => p.startsWith('more'));
  context.report({
    range: label.span,
    message: `instance array \`${name}\` gives its instances the default hostname \`${derived}-N\`, which is not DNS-safe: it has ${listProblems(problems)}`,
    help: `${HELP}; set \`hostname\` (e.g. \`hostname = "${pattern}"\`) or rename the array`,
    fixes: fixable ? [{ title: 'set a DNS-safe `hostname`', edits: [{ file: context.file, range: { start: first.span.start, end: first.span.start }, text: `hostname = "${pattern}"\n${indent}` }] }] : [],
  });
}

export const hostnameNotDnsSafe = defineRule({
  id: 'hostname-not-dns-safe',
  severity: 'warning',
  docs: {
    summary: 'An instance\'s hostname (set, or derived from the array\'s name) is not a valid DNS label.',
    why: 'Installers, DHCP and DNS servers reject or silently rewrite hostnames with upper-case letters, `_`, dots or more than 63 characters, so the instance ends up with a name nobody expects, or the install fails half-way. Hostnames default to `${array}-${index}` with `_` turned into `-`, so an array name in CamelCase gives bad hostnames too.',
    bad: BLUEPRINT('Web_Node-${instance.index}'),
    good: BLUEPRINT('web-node-${instance.index}'),
  },
  check(context) {
    for (const { array } of instanceArraysOf(context.module)) {
      const hostname = attributeOf(array.body, 'hostname');
      if (hostname !== undefined) checkHostname(context, hostname.value, `of instance array \`${blockLabel(array)}\``);
      else checkDefault(context, array);
      for (const instance of blocksNamed(array.body, 'instance')) {
        const own = attributeOf(instance.body, 'hostname');
        if (own !== undefined) checkHostname(context, own.value, `of instance ${blockLabel(instance)} of \`${blockLabel(array)}\``);
      }
    }
  },
});
