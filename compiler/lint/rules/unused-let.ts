import { removalRange } from '../../checker/rules/index.ts';
import { defineRule } from '../lint-rule.ts';
import { unusedSymbols } from '../unused.ts';

const BLUEPRINT = (name: string) =>
  [
    'let cluster = "edge-1"',
    '',
    'infrastructure web {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  instance_array app {',
    '    server_type = "M.8.32.2"',
    '    template    = std.os.ubuntu_2404',
    `    hostname    = "${name}-\${instance.index}"`,
    '    port 0 { network = wan }',
    '  }',
    '}',
    '',
  ].join('\n');

export const unusedLet = defineRule({
  id: 'unused-let',
  severity: 'warning',
  docs: {
    summary: 'A `let` that nothing uses.',
    why: 'An unused `let` is dead code, or a sign that another expression repeats what the `let` was meant to name. Either way a reader has to work out that it has no effect.',
    bad: BLUEPRINT('edge'),
    good: BLUEPRINT('${cluster}'),
  },
  check(context) {
    for (const symbol of unusedSymbols(context, 'let')) {
      const declaration = symbol.declaration;
      const range = declaration !== undefined ? removalRange(context.source, declaration.span) : undefined;
      // Only when the declaration has its lines to itself: then removing them cannot break a neighbour.
      const fixes = range !== undefined && range !== declaration?.span
        ? [{ title: `remove \`let ${symbol.name}\``, edits: [{ file: context.file, range, text: '' }] }]
        : [];
      context.report({ range: symbol.nameSpan!, message: `\`let ${symbol.name}\` is never used`, help: 'use it or remove it', fixes });
    }
  },
});
