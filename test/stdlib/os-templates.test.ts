import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  enumValues,
  INSTALLERS,
  isDisklessCapable,
  isEnumValue,
  lookupOsTemplate,
  OS_TEMPLATE_LIST,
  OS_TEMPLATES,
  osTemplateNames,
  renderTemplate,
  TEMPLATE_VARIABLES,
  type Value,
} from '../../stdlib/index.ts';

test('the built-in templates the design names exist, with unique names', () => {
  for (const n of ['std.os.ubuntu_2204', 'std.os.ubuntu_2404', 'std.os.debian_12', 'std.os.rocky_9', 'std.os.alma_9', 'std.os.flatcar']) {
    assert.ok(lookupOsTemplate(n), `missing ${n}`);
  }
  const names = OS_TEMPLATE_LIST.map((t) => t.name);
  assert.is(new Set(names).size, names.length);
  assert.equal(osTemplateNames(), Object.keys(OS_TEMPLATES));
  assert.is(lookupOsTemplate('std.os.windows'), undefined);
});

test('at least two templates are diskless-capable, and the array boot attribute can select them', () => {
  const diskless = OS_TEMPLATE_LIST.filter(isDisklessCapable);
  assert.ok(diskless.length >= 2, `only ${diskless.length}`);
  assert.ok(OS_TEMPLATE_LIST.some((t) => !isDisklessCapable(t)), 'the flag distinguishes something');
  assert.ok(isDisklessCapable(lookupOsTemplate('std.os.rocky_9')!), 'the design example boots rocky_9 diskless');
});

test('each template is complete: docs, boot methods, installer, assets with checksums', () => {
  const paths = new Set<string>();
  const sums = new Set<string>();
  for (const t of OS_TEMPLATE_LIST) {
    assert.match(t.name, /^std\.os\.[a-z0-9_]+$/);
    assert.ok(t.doc.length >= 40, `${t.name} doc`);
    assert.ok(t.title.length > 0);
    assert.ok(t.bootMethods.length > 0);
    for (const b of t.bootMethods) assert.ok(isEnumValue('boot_method', b), `${t.name} boot method ${b}`);
    assert.ok(isEnumValue('installer_kind', t.installer), `${t.name} installer`);
    for (const a of [t.kernel, t.initrd, t.image]) {
      assert.match(a.sha256, /^[0-9a-f]{64}$/, `${t.name} ${a.path} checksum`);
      assert.not.ok(a.path.startsWith('/') || a.path.includes('..') || a.path.includes('://'), `${a.path} is relative to the asset repository`);
      assert.not.ok(paths.has(a.path), `${a.path} unique`);
      assert.not.ok(sums.has(a.sha256), `${a.path} checksum unique`);
      paths.add(a.path);
      sums.add(a.sha256);
    }
    assert.not.ok(t.installerConfig.startsWith('/'));
    assert.ok(t.ready.timeout > 0);
  }
});

test('installers: cloud-init and kickstart are both covered and documented', () => {
  const kinds = new Set(OS_TEMPLATE_LIST.map((t) => t.installer));
  assert.ok(kinds.has('cloud-init-autoinstall') && kinds.has('kickstart'));
  for (const k of enumValues('installer_kind')) assert.ok(INSTALLERS[k as keyof typeof INSTALLERS]?.doc, `installer ${k} documented`);
});

test('template variables: host keys, access key, hostname and IPs; sensitive ones marked', () => {
  const byName = new Map(TEMPLATE_VARIABLES.map((v) => [v.name, v]));
  assert.is(byName.size, TEMPLATE_VARIABLES.length, 'unique names');
  for (const n of ['hostname', 'host_key_private', 'host_key_public', 'access_key_public', 'ipv4_address', 'ipv6_address', 'callback_url']) {
    assert.ok(byName.get(n), `missing ${n}`);
  }
  assert.is(byName.get('host_key_private')!.sensitive, true);
  assert.is(byName.get('callback_token')!.sensitive, true);
  assert.is(byName.get('host_key_public')!.sensitive, false);
  for (const v of TEMPLATE_VARIABLES) assert.ok(v.doc.length > 0, `${v.name} documented`);
});

test('installer examples only reference documented variables and render with them', () => {
  const sample: Record<string, Value> = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v.name, `<${v.name}>`]));
  for (const inst of Object.values(INSTALLERS)) {
    const out = renderTemplate(inst.example, sample);
    assert.not.match(out, /\$\{/, `${inst.kind} example fully rendered`);
  }
  assert.match(renderTemplate(INSTALLERS.kickstart.example, sample), /<host_key_private>/);
  assert.match(renderTemplate(INSTALLERS['cloud-init-autoinstall'].example, sample), /content: "<host_key_private_b64>"/);
});

test.run();
