import { DriverError } from '../errors.ts';
import { formatPort, isVlanId, type PortRef, type PortState, type SwitchDriver, type VlanMembership } from '../switch.ts';
import type { SimulatedDatacenter } from './datacenter.ts';

const DRIVER = 'switch/simulated';

/** The switch face of the simulated datacenter: ports hold an admin state and VLANs. */
export class SimulatedSwitch implements SwitchDriver {
  private readonly dc: SimulatedDatacenter;

  constructor(dc: SimulatedDatacenter) {
    this.dc = dc;
  }

  async setPortVlans(ref: PortRef, membership: VlanMembership, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.dc.port(ref, DRIVER);
    const tagged = [...new Set(membership.tagged)].sort((a, b) => a - b);
    const bad = [...(membership.untagged === null ? [] : [membership.untagged]), ...tagged].find((vlan) => !isVlanId(vlan));
    if (bad !== undefined) {
      throw new DriverError({ code: 'invalid-argument', driver: DRIVER, target: formatPort(ref), message: `VLAN ${bad} is not valid on ${formatPort(ref)}: VLAN ids are 1 to 4094` });
    }
    if (membership.untagged !== null && tagged.includes(membership.untagged)) {
      throw new DriverError({
        code: 'invalid-argument',
        driver: DRIVER,
        target: formatPort(ref),
        message: `VLAN ${membership.untagged} cannot be both untagged and tagged on ${formatPort(ref)}`,
      });
    }
    await this.dc.wait('switch_call', signal);
    const port = this.dc.port(ref, DRIVER);
    port.untagged_vlan = membership.untagged;
    port.tagged_vlans = tagged;
    this.dc.changed(['switches', ref.switchId, 'ports', ref.port]);
    await this.dc.durable();
  }

  async setPortAdmin(ref: PortRef, up: boolean, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.dc.port(ref, DRIVER);
    await this.dc.wait('switch_call', signal);
    this.dc.port(ref, DRIVER).admin_up = up;
    this.dc.changed(['switches', ref.switchId, 'ports', ref.port]);
    await this.dc.durable();
  }

  async getPortState(ref: PortRef, signal: AbortSignal): Promise<PortState> {
    signal.throwIfAborted();
    this.dc.port(ref, DRIVER);
    await this.dc.wait('switch_call', signal);
    const port = this.dc.port(ref, DRIVER);
    return { adminUp: port.admin_up, untagged: port.untagged_vlan, tagged: [...port.tagged_vlans] };
  }
}
