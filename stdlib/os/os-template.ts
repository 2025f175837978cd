import type { BootMethod, InstallerKind } from '../enums.ts';

/**
 * A file in the datacenter's asset repository (the inventory's asset
 * repository URL + `path`). The runtime verifies `sha256` before serving it.
 *
 * The checksums of the built-in templates are placeholders for the simulated
 * datacenter: fixed, plausible values (the SHA-256 of the text
 * `mbp-simulated-asset:<path>`) that the simulated asset repository serves.
 * A real deployment replaces the catalogue's assets with its mirror's.
 */
export interface OsAsset {
  readonly path: string;
  readonly sha256: string;
}

export type ReadyDefault =
  | { readonly method: 'ssh'; readonly port: number; readonly timeout: number }
  | { readonly method: 'callback'; readonly timeout: number };

export interface OsTemplateDef {
  /** Full dotted name, e.g. `std.os.ubuntu_2404`. */
  readonly name: string;
  /** Human name, e.g. `Ubuntu 24.04 LTS`. */
  readonly title: string;
  readonly doc: string;
  readonly family: 'ubuntu' | 'debian' | 'rhel' | 'flatcar';
  readonly version: string;
  /** Supported boot methods; `pxe_iscsi` means diskless-capable. */
  readonly bootMethods: readonly BootMethod[];
  readonly installer: InstallerKind;
  /** The installer's (or, diskless, the OS's) network-boot kernel. */
  readonly kernel: OsAsset;
  readonly initrd: OsAsset;
  /** The OS image: written to disk by the installer, or cloned into the iSCSI volume when diskless. */
  readonly image: OsAsset;
  /** Asset path of the installer configuration the runtime renders with the template variables. */
  readonly installerConfig: string;
  /** Readiness check used when the os_template does not set `ready`. */
  readonly ready: ReadyDefault;
}
