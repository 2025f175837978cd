/**
 * Switch port configuration: VLAN membership and admin state. Ports are
 * named as the switch names them ("Ethernet1/12", "swp3").
 */

export interface PortRef {
  readonly switchId: string;
  readonly port: string;
}

export interface VlanMembership {
  /** Native (access) VLAN, or null for none. */
  readonly untagged: number | null;
  /** Trunked VLANs, sorted ascending when read back. */
  readonly tagged: readonly number[];
}

export interface PortState extends VlanMembership {
  readonly adminUp: boolean;
}

export interface SwitchDriver {
  /** Replaces the port's VLAN membership. */
  setPortVlans(port: PortRef, membership: VlanMembership, signal: AbortSignal): Promise<void>;
  setPortAdmin(port: PortRef, up: boolean, signal: AbortSignal): Promise<void>;
  getPortState(port: PortRef, signal: AbortSignal): Promise<PortState>;
}

export function isVlanId(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 4094;
}

export function formatPort(port: PortRef): string {
  return `${port.switchId}:${port.port}`;
}
