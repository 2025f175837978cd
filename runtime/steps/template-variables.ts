import { renderTemplate, TemplateError, type ValueObject } from '../../stdlib/index.ts';
import { firstAddress } from './addresses.ts';
import { StepError } from './errors.ts';
import type { SshKeyPair } from './host-keys.ts';
import type { ResolvedInstance } from './types.ts';

/** What prepare_boot made for this install, besides the instance's resolved facts. */
export interface InstallSecrets {
  readonly hostKey: SshKeyPair;
  readonly accessKeyPublic: string;
  readonly callbackUrl: string;
  readonly callbackToken: string;
  /** Diskless only: the root volume. */
  readonly iscsi?: { readonly iqn: string; readonly portal: string };
}

/**
 * The template variables of stdlib/os/template-variables.ts, for one
 * install. A variable that does not apply (no IPv6, not diskless) is the
 * empty string, as documented there, so a template can always name it.
 */
export function templateVariables(instance: ResolvedInstance, install: InstallSecrets): ValueObject {
  const v4 = instance.addresses.find((a) => a.family === 'ipv4');
  const v6 = instance.addresses.find((a) => a.family === 'ipv6');
  const bootPort = [...instance.ports].sort((a, b) => a.index - b.index)[0];
  return {
    hostname: instance.hostname,
    instance_index: instance.index,
    infrastructure: instance.infrastructure,
    instance_array: instance.array,
    boot_method: instance.boot,
    mac_address: bootPort?.mac ?? '',
    ipv4_address: firstAddress(instance, 'ipv4') ?? '',
    ipv4_prefix: v4?.prefix ?? '',
    ipv4_cidr: v4 ? `${v4.ip}/${v4.prefix}` : '',
    ipv4_gateway: v4?.gateway ?? '',
    ipv6_address: v6?.ip ?? '',
    ipv6_cidr: v6 ? `${v6.ip}/${v6.prefix}` : '',
    ipv6_gateway: v6?.gateway ?? '',
    dns_servers: [...instance.dnsServers],
    host_key_private: install.hostKey.privateKey,
    host_key_private_b64: Buffer.from(install.hostKey.privateKey, 'utf8').toString('base64'),
    host_key_public: install.hostKey.publicKey,
    access_key_public: install.accessKeyPublic,
    callback_url: install.callbackUrl,
    callback_token: install.callbackToken,
    iscsi_target: install.iscsi?.iqn ?? '',
    iscsi_portal: install.iscsi?.portal ?? '',
    vars: instance.vars,
  };
}

/** The template's installer files filled with the variables, by path. */
export function renderInstallerFiles(instance: ResolvedInstance, variables: ValueObject, stepId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of instance.template.files) {
    try {
      out[file.path] = renderTemplate(file.template, variables);
    } catch (error) {
      if (error instanceof TemplateError) {
        throw new StepError(`${stepId}: the installer file ${file.path} of template ${instance.template.name} cannot be filled in: ${error.message}`);
      }
      throw error;
    }
  }
  return out;
}
