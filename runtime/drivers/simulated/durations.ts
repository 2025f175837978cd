/**
 * How long simulated hardware takes, in milliseconds at speed 1. Numbers are
 * typical of rack servers with Redfish BMCs; docs/simulated-datacenter.md
 * explains each one. A datacenter scales them by its speed factor.
 */
export const DEFAULT_DURATIONS = {
  /** Round trip of one BMC request (every BMC call pays it). */
  bmc_call: 500,
  /** From "power on" accepted to power good. */
  power_on: 2_000,
  /** Hard power off. */
  power_off: 1_000,
  /** Off, settle, on. */
  power_cycle: 4_000,
  /** Attach or eject a virtual CD. */
  virtual_media: 3_000,
  /** Firmware POST, memory training, NIC option ROMs. */
  post: 30_000,
  /** DHCP, then TFTP/HTTP fetch of the kernel and initrd. */
  pxe_load: 15_000,
  /** PXE finds no config, gives up and falls through to the disk. */
  pxe_timeout: 30_000,
  /** Unattended OS install to the local disk. */
  pxe_install: 600_000,
  /** Cleaning: erase the local disks (wipefs + discard). */
  disk_wipe: 180_000,
  /** From boot loader to the OS answering (SSH up, callback sent): "ready". */
  os_boot: 45_000,
  /** Write or remove a PXE/iPXE config file. */
  boot_config: 100,
  /** Clone the template image into a new iSCSI volume and export it. */
  iscsi_create: 20_000,
  iscsi_delete: 2_000,
  /** One switch configuration change (or read) through its API. */
  switch_call: 1_000,
} as const;

export type DurationName = keyof typeof DEFAULT_DURATIONS;
export type DurationTable = { readonly [K in DurationName]: number };

/** Speed 1 is the table as is, 0.01 a hundred times faster, 0 instant. */
export function scaledDuration(table: DurationTable, name: DurationName, speed: number): number {
  return Math.round(table[name] * speed);
}
