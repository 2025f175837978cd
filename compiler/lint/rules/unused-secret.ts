import { defineRule } from '../lint-rule.ts';
import { unusedSymbols } from '../unused.ts';

const BLUEPRINT = (call: string, params: string, options: string) =>
  [
    'secret api_token',
    '',
    'infrastructure web {',
    '  datacenter = "dc-east"',
    `  on post_deploy run notify(${call})`,
    '}',
    '',
    `workflow notify(${params}) {`,
    `  step post = std.http.request("https://hooks.example/deployed", "POST"${options})`,
    '}',
    '',
  ].join('\n');

export const unusedSecret = defineRule({
  id: 'unused-secret',
  severity: 'warning',
  docs: {
    summary: 'A `secret` that nothing uses.',
    why: '`mbp apply` refuses to run until every declared secret has a value, so an unused secret makes operators provision a credential for nothing, and keeps it in circulation longer than needed.',
    bad: BLUEPRINT('', '', ''),
    good: BLUEPRINT('token = api_token', 'token: string', ', headers = { Authorization = "Bearer ${token}" }'),
  },
  check(context) {
    for (const symbol of unusedSymbols(context, 'secret')) {
      context.report({
        range: symbol.nameSpan!,
        message: `secret \`${symbol.name}\` is never used`,
        help: 'use it, or remove it so that nobody has to provide its value',
      });
    }
  },
});
