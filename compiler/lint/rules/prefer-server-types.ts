import { blockLabel, blocksNamed, entryRemovalRange, instanceArraysOf } from '../../checker/rules/index.ts';
import { defineRule } from '../lint-rule.ts';

const ARRAY = (extra: string[]) =>
  [
    'infrastructure web {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  instance_array app {',
    '    server_type = "M.8.32.2"',
    '    count       = 2',
    '    template    = std.os.ubuntu_2404',
    '    port 0 { network = wan }',
    ...extra,
    '  }',
    '}',
    '',
  ].join('\n');

export const preferServerTypes = defineRule({
  id: 'prefer-server-types',
  severity: 'warning',
  docs: {
    summary: 'An instance array prefers particular servers (`prefer { servers = [...] }`).',
    why: 'Preferred server ids tie a blueprint to one datacenter\'s inventory: elsewhere they name nothing, or other machines. A preference only gives allocation priority (a preferred server of another type, or one that is busy, is skipped without error), so it rarely does what it seems to promise. Select servers by `server_type` and `tags` instead; for a one-off placement, pass `--deploy-options` to `mbp plan` rather than writing ids into the blueprint.',
    bad: ARRAY(['    prefer { servers = [5, "srv-0042"] }']),
    good: ARRAY(['    tags        = ["gpu"]']),
  },
  check({ module, source, file, report }) {
    for (const { array } of instanceArraysOf(module)) {
      for (const prefer of blocksNamed(array.body, 'prefer')) {
        report({
          range: prefer.name.span,
          message: `instance array \`${blockLabel(array)}\` prefers particular servers, which makes the blueprint less portable`,
          help: 'select servers with `server_type` (or `server_types`) and `tags`; a preferred server only gets allocation priority, and for a one-off placement `mbp plan --deploy-options FILE` keeps server ids out of the blueprint',
          fixes: [{ title: 'remove the `prefer` block', edits: [{ file, range: entryRemovalRange(source, array.body, prefer), text: '' }] }],
        });
      }
    }
  },
});
