import { isObject, type Value } from '../../stdlib/index.ts';
import type { SwitchDriver } from '../drivers/index.ts';
import { StepError } from './errors.ts';
import { listArg, requireInstance } from './step-args.ts';
import type { ResolvedInstance, RuntimeStepHandler, StepContext } from './types.ts';

/**
 * Brings each port of the server to its target state, reading it first and
 * changing only what differs: re-running converges, it never toggles. An
 * attached port gets its VLAN before it comes up; a shut port goes down
 * before it leaves its VLAN, so it never carries traffic in between.
 */
export async function applyPorts(
  sw: SwitchDriver,
  instance: ResolvedInstance,
  attached: ReadonlySet<number>,
  ctx: Pick<StepContext, 'signal' | 'log'>,
): Promise<{ attached: number[]; shut: number[] }> {
  const up: number[] = [];
  const down: number[] = [];
  for (const p of [...instance.ports].sort((a, b) => a.index - b.index)) {
    const ref = { switchId: p.switch, port: p.port };
    const where = `port ${p.index} (${p.switch}:${p.port})`;
    const current = await sw.getPortState(ref, ctx.signal);
    if (attached.has(p.index)) {
      const vlan = p.vlan as number;
      if (current.untagged !== vlan || current.tagged.length > 0) await sw.setPortVlans(ref, { untagged: vlan, tagged: [] }, ctx.signal);
      if (!current.adminUp) await sw.setPortAdmin(ref, true, ctx.signal);
      ctx.log(`${where}: up, untagged VLAN ${vlan} (network ${p.network ?? '?'})`);
      up.push(p.index);
    } else {
      if (current.adminUp) await sw.setPortAdmin(ref, false, ctx.signal);
      if (current.untagged !== null || current.tagged.length > 0) await sw.setPortVlans(ref, { untagged: null, tagged: [] }, ctx.signal);
      ctx.log(`${where}: shut`);
      down.push(p.index);
    }
  }
  return { attached: up, shut: down };
}

/** `std.provision.configure_ports`: attached ports to their VLANs, every other port of the server shut. */
export const configurePorts: RuntimeStepHandler = async (args, ctx) => {
  const instance = requireInstance(args, ctx);
  const attached = new Set<number>();
  for (const entry of listArg(args, 'ports', ctx)) {
    const index = isObject(entry) ? entry.index : undefined;
    if (typeof index !== 'number') throw new StepError(`${ctx.stepId}: every entry of \`ports\` needs an \`index\``);
    attached.add(index);
  }
  for (const index of attached) {
    const port = instance.ports.find((p) => p.index === index);
    if (port === undefined) {
      const has = instance.ports.map((p) => p.index).join(', ') || 'none';
      throw new StepError(`${ctx.stepId}: the blueprint attaches port ${index}, but server ${instance.server.id} has no NIC ${index} (it has ${has})`);
    }
    if (port.vlan === null) {
      throw new StepError(`${ctx.stepId}: port ${index} of ${instance.hostname} is attached but was resolved without a VLAN; plan again`);
    }
  }
  const result = await applyPorts(ctx.runtime.switch, instance, attached, ctx);
  return { attached: result.attached, shut: result.shut } satisfies Record<string, Value>;
};
