import type { BmcDriver, BmcTarget, BootDeviceSetting } from '../drivers/index.ts';
import { requireInstance } from './step-args.ts';
import type { RuntimeStepHandler } from './types.ts';

/** Powers off when on; returns whether it was on. Reading first keeps a re-run from doing anything. */
export async function ensureOff(bmc: BmcDriver, target: BmcTarget, signal: AbortSignal): Promise<boolean> {
  const wasOn = (await bmc.powerStatus(target, signal)) === 'on';
  if (wasOn) await bmc.powerOff(target, signal);
  return wasOn;
}

/** Sets the boot device only when it differs, so a re-run makes no BMC change. */
export async function ensureBootDevice(bmc: BmcDriver, target: BmcTarget, setting: BootDeviceSetting, signal: AbortSignal): Promise<void> {
  const current = await bmc.getBootDevice(target, signal);
  if (current.device !== setting.device || current.persistent !== setting.persistent) await bmc.setBootDevice(target, setting, signal);
}

/** `std.provision.power_off`. */
export const powerOff: RuntimeStepHandler = async (args, ctx) => {
  const instance = requireInstance(args, ctx);
  const wasOn = await ensureOff(ctx.runtime.bmc, instance.bmc, ctx.signal);
  ctx.log(wasOn ? `${instance.server.id} powered off` : `${instance.server.id} was already off`);
  return { was_on: wasOn };
};

/**
 * `std.provision.power_on`: the next boot goes to the network (the
 * installer, or the iPXE sanboot of a diskless instance), then power on. A
 * server already on is left running: it is the boot this step started
 * before a crash, and cycling it would restart the install.
 */
export const powerOn: RuntimeStepHandler = async (args, ctx) => {
  const instance = requireInstance(args, ctx);
  const { bmc } = ctx.runtime;
  await ensureBootDevice(bmc, instance.bmc, { device: 'pxe', persistent: true }, ctx.signal);
  const on = (await bmc.powerStatus(instance.bmc, ctx.signal)) === 'on';
  if (!on) await bmc.powerOn(instance.bmc, ctx.signal);
  ctx.log(on ? `${instance.server.id} is already on, booting from the network` : `${instance.server.id} powered on, booting from the network`);
  return { boot_device: 'pxe' };
};
