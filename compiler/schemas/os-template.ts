import { T } from '../../stdlib/index.ts';
import { attr, block, nameLabel, schema } from './define-schema.ts';

export const osTemplateSchema = schema({
  kind: 'os_template',
  doc: 'A custom OS template: a built-in base (installer, kernel, image) plus its own assets served to the installer, its readiness check, and steps run after the install.',
  labels: [nameLabel('The template\'s name, used as an array\'s `template`.')],
  attributes: [
    attr('base', T.any, 'The built-in template this one extends (`std.os.ubuntu_2404`, ...): its installer, kernel and image.', {
      required: true,
      reference: 'os_template',
    }),
    attr('boot_methods', T.list(T.string), 'Boot methods this template supports; a subset of the base\'s.', {
      enum: 'boot_method',
      defaultDoc: 'the base\'s boot methods',
    }),
    attr('ready', T.any, 'The readiness check: `std.ready.ssh(port, timeout)` or `std.ready.callback(timeout)`.', {
      reference: 'ready_check',
      defaultDoc: 'the base\'s check',
    }),
    attr('vars', T.map(T.any), 'Extra variables handed to the installer configuration with the built-in template variables.', { default: {} }),
  ],
  blocks: [
    block('asset', 'asset', 'A file served to the installer (user-data, kickstart, a package).', {
      labels: [nameLabel('The asset\'s name.')],
      repeatable: true,
    }),
  ],
  declarations: [{ keyword: 'step', doc: '`step NAME = CALL(args) { options }`: runs after the install, on the instance.' }],
  context: ['instance'],
});

export const assetSchema = schema({
  kind: 'asset',
  doc: 'A file the runtime serves to the installer: inline content or a download, at a path of the installer\'s asset tree.',
  labels: [nameLabel('The asset\'s name.')],
  attributes: [
    attr('path', T.string, 'Where the installer finds the file, e.g. `"/ks/user-data"`.', { required: true }),
    attr('content', T.string, 'The file\'s content, e.g. `render(file("./user-data.tmpl"), {...})`.'),
    attr('url', T.string, 'An HTTP(S) URL the runtime downloads the file from.'),
    attr('sha256', T.string, 'Expected SHA-256 (hex) of the downloaded file; a mismatch fails the install.', { requires: ['url'] }),
    attr('mode', T.string, 'Octal permission bits of the file, e.g. `"0600"`.', { default: '0644' }),
  ],
  exclusive: [
    {
      name: 'asset source',
      alternatives: [['content'], ['url', 'sha256']],
      required: true,
      doc: 'An asset is either inline `content` or downloaded from `url`.',
    },
  ],
});
