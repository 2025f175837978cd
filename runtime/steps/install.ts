import { volumeName } from './boot-scripts.ts';
import { StepError } from './errors.ts';
import { sshFingerprint } from './host-keys.ts';
import { firstCompletion } from './netboot.ts';
import { macsOf, requireInstance, requireSame, stringArg } from './step-args.ts';
import type { RuntimeStepHandler } from './types.ts';

export const PREPARE_BOOT_KIND = 'std.provision.prepare_boot';

/**
 * `std.provision.install_os`: the installer booted by power_on runs with the
 * host key pair prepare_boot generated; this step waits for its completion
 * signal (the executor's timeout is the watchdog: a hung installer fails the
 * step). A diskless instance has nothing to install: its volume is checked.
 * Outputs the host key's public half for the apply layer to pin. A re-run
 * after the install finds the recorded completion and returns at once.
 */
export const installOs: RuntimeStepHandler = async (args, ctx) => {
  const instance = requireInstance(args, ctx);
  requireSame(ctx, 'boot', stringArg(args, 'boot', ctx), instance.boot);
  requireSame(ctx, 'template', stringArg(args, 'template', ctx), instance.template.name);
  const hostKey = ctx.earlierOutputs(PREPARE_BOOT_KIND)?.host_key_public;
  if (typeof hostKey !== 'string') {
    throw new StepError(
      `${ctx.stepId}: install_os needs the host key that prepare_boot generates for ${instance.hostname}, and no prepare_boot of this instance succeeded before it; keep std.provision.prepare_boot before std.provision.install_os`,
    );
  }
  const { boot } = ctx.runtime;
  const image = instance.template.image;
  if (instance.boot === 'pxe_iscsi') {
    const volume = await boot.getIscsiTarget(volumeName(instance), ctx.signal);
    if (volume === null) throw new StepError(`${ctx.stepId}: the iSCSI volume ${volumeName(instance)} of ${instance.hostname} is gone; run prepare_boot again`, { retryable: false });
    if (volume.image !== image.path) throw new StepError(`${ctx.stepId}: the iSCSI volume ${volume.name} holds ${volume.image}, not ${image.path}`);
    ctx.log(`diskless: nothing to install, ${instance.server.id} boots ${image.path} from ${volume.iqn}`);
  } else {
    ctx.log(`waiting for the installer of ${image.path} on ${instance.server.id}`);
    const done = await firstCompletion(boot, macsOf(instance), ctx.signal);
    if (done.action !== 'install') {
      throw new StepError(`${ctx.stepId}: the netboot of ${instance.server.id} reported "${done.action}" instead of an install: its boot config was replaced; run prepare_boot again`);
    }
    if (!done.ok) throw new StepError(`${ctx.stepId}: the installer on ${instance.server.id} failed: ${done.detail ?? 'it gave no detail'}`, { retryable: true });
    if (done.image !== image.path) throw new StepError(`${ctx.stepId}: the installer on ${instance.server.id} installed ${done.image}, not ${image.path}`);
    ctx.log(`installed ${image.path} on ${instance.server.id} (via ${done.mac})`);
  }
  return {
    image: image.path,
    sha256: image.sha256,
    host_key_fingerprint: sshFingerprint(hostKey),
    host_key_public: hostKey,
  };
};
