/**
 * Out-of-band server control (Redfish, IPMI, the simulator). Every call
 * takes an AbortSignal; an aborted call rejects with `signal.reason` and must
 * not leave a half-done change behind where the device allows it.
 */

export type PowerState = 'on' | 'off';
export type BootDevice = 'pxe' | 'disk' | 'iscsi';

export interface BootDeviceSetting {
  readonly device: BootDevice;
  /**
   * true: every boot uses this device (Redfish "Continuous"); false: only the
   * next boot, after which the last persistent device applies again ("Once").
   */
  readonly persistent: boolean;
}

/** Which server's BMC to talk to. The simulator only needs `serverId`. */
export interface BmcTarget {
  readonly serverId: string;
  /** BMC address (host or URL) from the inventory. */
  readonly address?: string;
  /** Resolved credentials; never logged, never written to a file. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

export interface BmcDriver {
  powerOn(target: BmcTarget, signal: AbortSignal): Promise<void>;
  /** A hard power off; already off is not an error. */
  powerOff(target: BmcTarget, signal: AbortSignal): Promise<void>;
  /** Off then on; a server that was off is simply powered on. */
  powerCycle(target: BmcTarget, signal: AbortSignal): Promise<void>;
  powerStatus(target: BmcTarget, signal: AbortSignal): Promise<PowerState>;
  setBootDevice(target: BmcTarget, setting: BootDeviceSetting, signal: AbortSignal): Promise<void>;
  /** The device the next boot will use; a consumed one-time override reads as the persistent one. */
  getBootDevice(target: BmcTarget, signal: AbortSignal): Promise<BootDeviceSetting>;
  /** Attaches an image (ISO URL) as a virtual CD, replacing any attached one. */
  insertVirtualMedia(target: BmcTarget, imageUrl: string, signal: AbortSignal): Promise<void>;
  /** Ejects the virtual CD; nothing attached is not an error. */
  ejectVirtualMedia(target: BmcTarget, signal: AbortSignal): Promise<void>;
  /** The attached image URL, or null. */
  getVirtualMedia(target: BmcTarget, signal: AbortSignal): Promise<string | null>;
}
