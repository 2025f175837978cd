import { volumeName, wipeScript } from './boot-scripts.ts';
import { StepError } from './errors.ts';
import { firstCompletion } from './netboot.ts';
import { applyPorts } from './ports.ts';
import { ensureBootDevice, ensureOff } from './power.ts';
import { macsOf, requireInstance } from './step-args.ts';
import type { RuntimeStepHandler } from './types.ts';

/**
 * `mbp.instance.release`, the hardware half of giving a server back (the
 * inventory's `releasing → cleaning → available` is the apply layer's):
 * power off; every port shut and out of its VLAN; the iSCSI volume of a
 * diskless instance deleted; the local disks wiped by netbooting the wiper
 * (write a wipe config, PXE boot, wait for its completion, power off,
 * remove the config); boot device back to disk; installer files withdrawn.
 * Re-running converges on the same state, wiping once more.
 */
export const releaseInstance: RuntimeStepHandler = async (args, ctx) => {
  const instance = requireInstance(args, ctx);
  const { bmc, boot, configs } = ctx.runtime;
  const target = instance.bmc;
  const wasOn = await ensureOff(bmc, target, ctx.signal);
  const ports = await applyPorts(ctx.runtime.switch, instance, new Set(), ctx);

  const volume = volumeName(instance);
  const hadVolume = (await boot.getIscsiTarget(volume, ctx.signal)) !== null;
  if (hadVolume) {
    await boot.deleteIscsiTarget(volume, ctx.signal);
    ctx.log(`iSCSI volume ${volume} deleted`);
  }

  const macs = macsOf(instance);
  for (const mac of macs) await boot.writeBootConfig({ mac, format: 'ipxe', action: 'wipe', image: '', content: wipeScript(instance) }, ctx.signal);
  await ensureBootDevice(bmc, target, { device: 'pxe', persistent: true }, ctx.signal);
  await bmc.powerOn(target, ctx.signal);
  ctx.log(`wiping the disks of ${instance.server.id}`);
  const done = await firstCompletion(boot, macs, ctx.signal);
  if (done.action !== 'wipe' || !done.ok) {
    throw new StepError(`${ctx.stepId}: wiping ${instance.server.id} did not complete (${done.action}${done.detail ? `: ${done.detail}` : ''}); the server stays in cleaning`, {
      retryable: true,
    });
  }
  await ensureOff(bmc, target, ctx.signal);
  for (const mac of macs) await boot.removeBootConfig(mac, ctx.signal);
  await ensureBootDevice(bmc, target, { device: 'disk', persistent: true }, ctx.signal);
  await configs.withdraw(instance.id, ctx.signal);
  ctx.log(`${instance.server.id} wiped and off; ports ${ports.shut.join(', ') || 'none'} shut`);
  return { was_on: wasOn, ports_shut: ports.shut, volume_deleted: hadVolume, wiped: true };
};
