/**
 * Network boot services: per-MAC PXE/iPXE configs (a dnsmasq/TFTP/HTTP
 * server), iSCSI targets for diskless servers, and the channel on which an
 * installer reports that it finished (an HTTP callback in real life).
 *
 * Writes and deletes are idempotent so a resumed run can repeat them.
 */

/**
 * What a netboot does: install an OS to the local disk, boot an OS from an
 * iSCSI volume (`sanboot`), or wipe the local disks (cleaning on release).
 */
export type NetbootAction = 'install' | 'sanboot' | 'wipe';

export interface BootConfig {
  /** The NIC that netboots. Any case and `-` or `:` separators are accepted. */
  readonly mac: string;
  readonly format: 'pxe' | 'ipxe';
  readonly action: NetbootAction;
  /** OS image id or URL the config installs or boots. Empty for `wipe`. */
  readonly image: string;
  /** For `sanboot`: the IQN of the iSCSI target to boot from. */
  readonly iscsiIqn?: string;
  /** The rendered pxelinux config or iPXE script served to the machine. */
  readonly content: string;
}

export interface IscsiTargetSpec {
  /** Unique name of the volume (e.g. the instance id). */
  readonly name: string;
  /** Image the volume is cloned from. */
  readonly image: string;
  /** The server allowed to log in (the target's ACL). */
  readonly serverId: string;
  /** The initiator IQN of that server, when the driver needs it for the ACL. */
  readonly initiatorIqn?: string;
  readonly sizeBytes?: number;
}

export interface IscsiTarget {
  readonly name: string;
  readonly iqn: string;
  /** `host:port` of the iSCSI portal. */
  readonly portal: string;
  readonly lun: number;
  readonly image: string;
  readonly serverId: string;
}

/** The installer's (or wiper's) report that it finished. */
export interface NetbootCompletion {
  readonly mac: string;
  readonly action: NetbootAction;
  readonly image: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface BootDriver {
  /** Writes (or replaces) the config served to `config.mac`. Clears any earlier completion for that MAC. */
  writeBootConfig(config: BootConfig, signal: AbortSignal): Promise<void>;
  /** Removes the config for a MAC; none present is not an error. */
  removeBootConfig(mac: string, signal: AbortSignal): Promise<void>;
  readBootConfig(mac: string, signal: AbortSignal): Promise<BootConfig | null>;

  /** Creates the volume; the same spec again returns the existing target, another image is a conflict. */
  createIscsiTarget(spec: IscsiTargetSpec, signal: AbortSignal): Promise<IscsiTarget>;
  /** Deletes the target and its volume; an unknown name is not an error. */
  deleteIscsiTarget(name: string, signal: AbortSignal): Promise<void>;
  getIscsiTarget(name: string, signal: AbortSignal): Promise<IscsiTarget | null>;

  /** Records the completion signal (called by the installer's callback). */
  markInstallComplete(completion: NetbootCompletion, signal: AbortSignal): Promise<void>;
  /**
   * Resolves with the completion for `mac` recorded since its config was last
   * written, waiting for it if needed. The caller's signal is the watchdog.
   */
  waitInstallComplete(mac: string, signal: AbortSignal): Promise<NetbootCompletion>;
}
