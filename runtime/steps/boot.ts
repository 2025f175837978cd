import type { BootConfig } from '../drivers/index.ts';
import { installScript, sanbootScript, volumeName } from './boot-scripts.ts';
import { sshFingerprint } from './host-keys.ts';
import { ensureBootDevice } from './power.ts';
import { macsOf, requireInstance, requireSame, stringArg } from './step-args.ts';
import { renderInstallerFiles, templateVariables } from './template-variables.ts';
import type { RuntimeStepHandler } from './types.ts';

/**
 * `std.provision.prepare_boot`. Generates the install's host key pair and
 * callback token (DESIGN.md section 5: before install_os), renders the
 * template's installer files with the template variables and publishes them
 * on the config server; then, for a local install, writes an iPXE install
 * config for every MAC of the server, or for a diskless instance creates the
 * iSCSI volume from the template image and an iPXE sanboot config.
 *
 * Re-running makes a new key pair and rewrites the configs before the
 * server is powered on, so it is safe; the public key is an output, which
 * install_os reads and the apply layer pins in the inventory.
 */
export const prepareBoot: RuntimeStepHandler = async (args, ctx) => {
  const instance = requireInstance(args, ctx);
  requireSame(ctx, 'boot', stringArg(args, 'boot', ctx), instance.boot);
  requireSame(ctx, 'template', stringArg(args, 'template', ctx), instance.template.name);
  const { boot, keys, accessKeys, configs } = ctx.runtime;
  const template = instance.template;

  const hostKey = keys.hostKeyPair(`root@${instance.hostname}`);
  ctx.addSecret(hostKey.privateKey);
  const callbackToken = keys.token();
  ctx.addSecret(callbackToken);
  const accessKeyPublic = await accessKeys.publicKey(instance.infrastructure, ctx.signal);
  const urls = configs.urlsFor(instance.id);

  const diskless = instance.boot === 'pxe_iscsi';
  const volume = diskless
    ? await boot.createIscsiTarget({ name: volumeName(instance), image: template.image.path, serverId: instance.server.id }, ctx.signal)
    : undefined;
  if (volume) ctx.log(`iSCSI volume ${volume.name} (${volume.iqn}) holds ${template.image.path}`);

  const variables = templateVariables(instance, {
    hostKey,
    accessKeyPublic,
    callbackUrl: urls.callbackUrl,
    callbackToken,
    ...(volume ? { iscsi: { iqn: volume.iqn, portal: volume.portal } } : {}),
  });
  const files = renderInstallerFiles(instance, variables, ctx.stepId);
  await configs.publish(instance.id, files, callbackToken, ctx.signal);
  ctx.log(`installer files published at ${urls.baseUrl}: ${Object.keys(files).sort().join(', ') || 'none'}`);

  const macs = macsOf(instance);
  for (const mac of macs) {
    const config: BootConfig = volume
      ? { mac, format: 'ipxe', action: 'sanboot', image: template.image.path, iscsiIqn: volume.iqn, content: sanbootScript(instance, volume) }
      : { mac, format: 'ipxe', action: 'install', image: template.image.path, content: installScript(instance, urls.baseUrl) };
    await boot.writeBootConfig(config, ctx.signal);
  }
  ctx.log(`${volume ? 'sanboot' : 'install'} config written for ${macs.join(', ')}`);

  return {
    method: instance.boot,
    target: volume ? volume.iqn : `ipxe/${(macs[0] ?? '').replaceAll(':', '-')}`,
    host_key_public: hostKey.publicKey,
    host_key_fingerprint: sshFingerprint(hostKey.publicKey),
  };
};

/**
 * `std.provision.finalize`: a local install boots from disk from now on
 * (persistent disk boot, install configs removed) and the halted installer
 * is cycled into the new OS, so a reboot never reinstalls. A diskless
 * instance keeps booting from the network. Only cycles a server whose OS
 * does not answer yet, so a re-run after success changes nothing.
 */
export const finalize: RuntimeStepHandler = async (args, ctx) => {
  const instance = requireInstance(args, ctx);
  requireSame(ctx, 'boot', stringArg(args, 'boot', ctx), instance.boot);
  const { bmc, boot, readiness } = ctx.runtime;
  if (instance.boot === 'pxe_iscsi') {
    await ensureBootDevice(bmc, instance.bmc, { device: 'pxe', persistent: true }, ctx.signal);
    ctx.log(`${instance.server.id} keeps booting from the network (diskless)`);
    return { boot_device: 'network' };
  }
  await ensureBootDevice(bmc, instance.bmc, { device: 'disk', persistent: true }, ctx.signal);
  for (const mac of macsOf(instance)) await boot.removeBootConfig(mac, ctx.signal);
  if ((await bmc.powerStatus(instance.bmc, ctx.signal)) === 'off') {
    await bmc.powerOn(instance.bmc, ctx.signal);
    ctx.log(`${instance.server.id} powered on from disk`);
  } else if (!(await readiness.isReady(instance, ctx.signal))) {
    await bmc.powerCycle(instance.bmc, ctx.signal);
    ctx.log(`${instance.server.id} power-cycled into the installed OS`);
  } else {
    ctx.log(`${instance.server.id} already runs the installed OS`);
  }
  return { boot_device: 'disk' };
};
