import { attributeOf, blockLabel, blocksNamed, osTemplatesOf } from '../../checker/rules/index.ts';
import { defineRule } from '../lint-rule.ts';

const BLUEPRINT = (checksum: string[]) =>
  [
    'os_template ubuntu_tuned {',
    '  base = std.os.ubuntu_2404',
    '  asset tuning {',
    '    path = "/extra/tuning.deb"',
    '    url  = "https://mirror.example/pkgs/tuning_1.4_amd64.deb"',
    ...checksum,
    '  }',
    '}',
    '',
    'infrastructure web {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  instance_array app {',
    '    server_type = "M.8.32.2"',
    '    template    = ubuntu_tuned',
    '    port 0 { network = wan }',
    '  }',
    '}',
    '',
  ].join('\n');

export const assetUrlWithoutChecksum = defineRule({
  id: 'asset-url-without-checksum',
  severity: 'warning',
  docs: {
    summary: 'An os_template asset is downloaded from a `url` without a `sha256` to check it against.',
    why: 'Without a checksum the runtime installs whatever the URL serves on the day: a changed upstream file, a truncated download or a tampered mirror goes unnoticed and differs from one instance to the next. With `sha256` a mismatch fails the install instead.',
    bad: BLUEPRINT([]),
    good: BLUEPRINT(['    sha256 = "9f2c1e0d5b7a4c3e8f6a1b2d3c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60"']),
  },
  check({ module, report }) {
    for (const template of osTemplatesOf(module)) {
      for (const asset of blocksNamed(template.body, 'asset')) {
        const url = attributeOf(asset.body, 'url');
        if (url === undefined || attributeOf(asset.body, 'sha256') !== undefined) continue;
        report({
          range: url.name.span,
          message: `asset \`${blockLabel(asset)}\` of os_template \`${template.name.text}\` is downloaded without a checksum`,
          help: 'add `sha256 = "<hex digest>"` (e.g. from `sha256sum FILE`) so that a changed or corrupted download fails the install',
        });
      }
    }
  },
});
