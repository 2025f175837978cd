import { StepError } from './errors.ts';
import { requireInstance } from './step-args.ts';
import type { ResolvedInstance, RuntimeStepHandler } from './types.ts';

/** The instance's address of a family (the first one), or null. */
export function firstAddress(instance: ResolvedInstance, family: 'ipv4' | 'ipv6'): string | null {
  return instance.addresses.find((a) => a.family === family)?.ip ?? null;
}

/**
 * `std.provision.assign_ips`: the addresses were reserved at resolution and
 * are recorded in the inventory by the apply layer at bind; this step checks
 * they sit on attached ports and makes them the instance's outputs, from
 * which prepare_boot's template variables come.
 */
export const assignIps: RuntimeStepHandler = async (args, ctx) => {
  ctx.signal.throwIfAborted();
  const instance = requireInstance(args, ctx);
  for (const a of instance.addresses) {
    const port = instance.ports.find((p) => p.index === a.port);
    if (port === undefined || port.vlan === null) {
      throw new StepError(`${ctx.stepId}: address ${a.ip} (subnet ${a.subnet}) was resolved onto port ${a.port}, which is not attached; plan again`);
    }
    ctx.log(`port ${a.port}: ${a.ip}/${a.prefix} from subnet ${a.subnet} (gateway ${a.gateway})`);
  }
  return {
    ipv4: firstAddress(instance, 'ipv4'),
    ipv6: firstAddress(instance, 'ipv6'),
    addresses: instance.addresses.map((a) => a.ip),
  };
};
