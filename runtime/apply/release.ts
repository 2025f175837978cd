import type { ExecContext } from '../executor/index.ts';
import type { Server } from '../inventory/index.ts';
import type { Hardware } from './hardware.ts';

/**
 * Gives a server's hardware back clean: every switch port shut and out of
 * its VLANs, the disks wiped by a netbooted wiper, power off, boot config
 * removed (docs/simulated-datacenter.md, "Cleaning on release").
 */
export async function cleanServer(hw: Hardware, server: Server, ctx: ExecContext): Promise<void> {
  for (const nic of server.nics) {
    const ref = { switchId: nic.switch, port: nic.port };
    await hw.switch.setPortVlans(ref, { untagged: null, tagged: [] }, ctx.signal);
    await hw.switch.setPortAdmin(ref, false, ctx.signal);
  }
  const bmc = { serverId: server.name, address: server.bmc.address };
  const mac = [...server.nics].sort((a, b) => a.index - b.index)[0]?.mac;
  if (mac === undefined) throw new Error(`server ${server.name} has no NIC to netboot the wiper from`);
  await hw.bmc.powerOff(bmc, ctx.signal);
  await hw.boot.writeBootConfig({ mac, format: 'ipxe', action: 'wipe', image: '', content: '#!ipxe\n# wipe disks\n' }, ctx.signal);
  await hw.bmc.setBootDevice(bmc, { device: 'pxe', persistent: false }, ctx.signal);
  await hw.bmc.powerOn(bmc, ctx.signal);
  const done = await hw.boot.waitInstallComplete(mac, ctx.signal);
  if (!done.ok) throw new Error(`wiping ${server.name} failed: ${done.detail ?? 'no detail'}`);
  await hw.bmc.powerOff(bmc, ctx.signal);
  await hw.boot.removeBootConfig(mac, ctx.signal);
  await hw.bmc.setBootDevice(bmc, { device: 'disk', persistent: true }, ctx.signal);
  ctx.log(`${server.name}: ports shut, disks wiped, powered off`);
}
