import { T, type Type } from '../types.ts';
import type { InstallerKind } from '../enums.ts';

/**
 * The variables the runtime hands to an OS installer's configuration just
 * before `install_os` (DESIGN.md section 5, "Host keys"). The installer
 * config (cloud-init user-data, kickstart file, preseed, Ignition JSON) is a
 * template in `render` syntax: `${hostname}`, `${host_key_public}`, ...
 *
 * The host key pair is generated per install; its public half is pinned in
 * the inventory after the install, so the first SSH connection is already
 * verified. The access key is the deployment's key the runtime logs in with.
 */
export interface TemplateVariable {
  readonly name: string;
  readonly type: Type;
  readonly doc: string;
  /** Masked in logs and never written to the plan, journal or inventory. */
  readonly sensitive: boolean;
  /**
   * Only set when it applies (an IPv6 subnet is attached, the boot is
   * diskless); otherwise it is the empty string, so a template can always
   * reference it and test it with a shell `[ -n "..." ]`.
   */
  readonly optional: boolean;
}

const v = (name: string, type: Type, doc: string, opts: { sensitive?: boolean; optional?: boolean } = {}): TemplateVariable =>
  Object.freeze({ name, type, doc, sensitive: opts.sensitive ?? false, optional: opts.optional ?? false });

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = Object.freeze([
  v('hostname', T.string, 'The instance hostname (default `${array}-${index}`).'),
  v('instance_index', T.int, 'Index of the instance in its array, from 0.'),
  v('infrastructure', T.string, 'Name of the infrastructure.'),
  v('instance_array', T.string, 'Name of the instance array.'),
  v('boot_method', T.string, '`local_drives` or `pxe_iscsi`.'),
  v('mac_address', T.string, 'MAC of the boot NIC (port 0), for network config matching.'),
  v('ipv4_address', T.ip, 'The instance\'s first IPv4 address.'),
  v('ipv4_prefix', T.int, 'Its prefix length.'),
  v('ipv4_cidr', T.string, 'The IPv4 address with its prefix length (`10.0.0.5/24`), as network configs want it.'),
  v('ipv4_gateway', T.ip, 'Its subnet gateway.'),
  v('ipv6_address', T.ip, 'The first IPv6 address.', { optional: true }),
  v('ipv6_cidr', T.string, 'The IPv6 address with its prefix length (`2001:db8::5/64`).', { optional: true }),
  v('ipv6_gateway', T.ip, 'Its subnet gateway.', { optional: true }),
  v('dns_servers', T.list(T.ip), 'Resolvers of the datacenter.'),
  v('host_key_private', T.string, 'The generated ed25519 SSH host private key (OpenSSH format).', { sensitive: true }),
  v('host_key_private_b64', T.string, 'The same private key, Base64-encoded on one line, for YAML and JSON configs (cloud-init `encoding: b64`, Ignition data URLs).', {
    sensitive: true,
  }),
  v('host_key_public', T.string, 'Its public half (`ssh-ed25519 AAAA...`), pinned in the inventory.'),
  v('access_key_public', T.string, 'The deployment\'s access public key, to install as an authorized key of the admin user.'),
  v('callback_url', T.string, 'URL the OS calls when it is ready (`std.ready.callback`) and the installer calls when done.'),
  v('callback_token', T.string, 'One-time token to send with the callback.', { sensitive: true }),
  v('iscsi_target', T.string, 'IQN of the root volume (diskless only).', { optional: true }),
  v('iscsi_portal', T.string, '`address:port` of the iSCSI portal (diskless only).', { optional: true }),
  v('vars', T.map(T.any), 'The instance\'s custom variables (infrastructure, array and instance `vars` merged).'),
]);

export interface InstallerDoc {
  readonly kind: InstallerKind;
  readonly doc: string;
  /** How the variables are used in this installer's configuration. */
  readonly example: string;
}

/** How each installer kind receives the template variables; shown on hover over a template's installer. */
export const INSTALLERS: Readonly<Record<InstallerKind, InstallerDoc>> = Object.freeze({
  'cloud-init-autoinstall': {
    kind: 'cloud-init-autoinstall',
    doc: 'Subiquity autoinstall: the runtime serves `user-data` and `meta-data` rendered with the template variables; the host key pair is written by `write_files` (the private key Base64-encoded), the access key goes in `ssh_authorized_keys`, and `phone_home` calls `callback_url` when the install ends.',
    example: [
      '#cloud-config',
      'autoinstall:',
      '  version: 1',
      '  identity: { hostname: ${hostname}, username: admin, password: "!" }',
      '  user-data:',
      '    ssh_deletekeys: false',
      '    ssh_genkeytypes: []',
      '    ssh_authorized_keys: ["${access_key_public}"]',
      '    write_files:',
      '      - { path: /etc/ssh/ssh_host_ed25519_key, permissions: "0600", encoding: b64, content: "${host_key_private_b64}" }',
      '      - { path: /etc/ssh/ssh_host_ed25519_key.pub, permissions: "0644", content: "${host_key_public}" }',
      '    phone_home: { url: "${callback_url}?token=${callback_token}", post: [hostname] }',
    ].join('\n'),
  },
  kickstart: {
    kind: 'kickstart',
    doc: 'Anaconda kickstart: `network` and `sshkey` take the addresses and the access key; a `%post` section writes the host key pair to `/etc/ssh/ssh_host_ed25519_key{,.pub}` and calls `callback_url`.',
    example: [
      'network --bootproto=static --ip=${ipv4_address} --gateway=${ipv4_gateway} --hostname=${hostname}',
      'sshkey --username=root "${access_key_public}"',
      '%post',
      "cat > /etc/ssh/ssh_host_ed25519_key <<'KEY'",
      '${host_key_private}',
      'KEY',
      'echo "${host_key_public}" > /etc/ssh/ssh_host_ed25519_key.pub',
      'curl -fsS -X POST "${callback_url}?token=${callback_token}"',
      '%end',
    ].join('\n'),
  },
  preseed: {
    kind: 'preseed',
    doc: 'debian-installer preseed: `netcfg` answers take the hostname and addresses; `preseed/late_command` installs the host key pair and the access key and calls `callback_url`.',
    example: [
      'd-i netcfg/get_hostname string ${hostname}',
      'd-i netcfg/get_ipaddress string ${ipv4_address}',
      'd-i preseed/late_command string in-target sh -c \'echo "${access_key_public}" >> /root/.ssh/authorized_keys\'',
    ].join('\n'),
  },
  ignition: {
    kind: 'ignition',
    doc: 'Ignition JSON: `passwd.users` takes the access key, `storage.files` the host key pair and the hostname; a oneshot unit calls `callback_url` on first boot.',
    example: [
      '{ "ignition": { "version": "3.4.0" },',
      '  "passwd": { "users": [ { "name": "core", "sshAuthorizedKeys": ["${access_key_public}"] } ] },',
      '  "storage": { "files": [',
      '    { "path": "/etc/hostname", "contents": { "source": "data:,${hostname}" } },',
      '    { "path": "/etc/ssh/ssh_host_ed25519_key", "mode": 384, "contents": { "source": "data:;base64,${host_key_private_b64}" } } ] } }',
    ].join('\n'),
  },
});
