import type { InstallerKind } from '../../stdlib/index.ts';
import type { IscsiTarget } from '../drivers/index.ts';
import type { ResolvedInstance } from './types.ts';

/*
 * The iPXE scripts written as boot configs. They name assets and URLs only:
 * a boot config ends up in the netboot service's files (and the simulated
 * hardware state), so nothing secret may go in; the installer fetches its
 * secrets from the config server.
 */

/** The directory of a `/`-separated path, with a trailing slash ('' for a top-level file). */
function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** How each installer is told where its configuration is. */
function installerArgs(installer: InstallerKind, baseUrl: string, entry: string): string {
  switch (installer) {
    case 'cloud-init-autoinstall':
      // nocloud-net reads user-data and meta-data from the directory `s=` names.
      return `autoinstall ds=nocloud-net;s=${baseUrl}/${dirOf(entry)}`;
    case 'kickstart':
      return `inst.ks=${baseUrl}/${entry}`;
    case 'preseed':
      return `auto=true priority=critical url=${baseUrl}/${entry}`;
    case 'ignition':
      return `flatcar.first_boot=1 ignition.config.url=${baseUrl}/${entry}`;
  }
}

function header(instance: ResolvedInstance, what: string): string {
  return `#!ipxe\n# mbp: ${instance.infrastructure}/${instance.array}[${instance.index}] ${instance.id} (${instance.hostname}): ${what}\n`;
}

/** Boots the template's installer with its configuration URL. */
export function installScript(instance: ResolvedInstance, baseUrl: string): string {
  const t = instance.template;
  return (
    header(instance, `install ${t.name}`) +
    `kernel ${t.kernel.url} initrd=initrd ip=dhcp ${installerArgs(t.installer, baseUrl, t.entry)}\n` +
    `initrd --name initrd ${t.initrd.url}\n` +
    'boot\n'
  );
}

/** `iscsi:<server>::<port>:<lun>:<iqn>`, the root-path syntax of iPXE. */
export function sanbootScript(instance: ResolvedInstance, target: IscsiTarget): string {
  const colon = target.portal.lastIndexOf(':');
  const host = colon < 0 ? target.portal : target.portal.slice(0, colon);
  const port = colon < 0 ? '3260' : target.portal.slice(colon + 1);
  return header(instance, `boot ${instance.template.name} from iSCSI`) + `sanboot iscsi:${host}::${port}:${target.lun}:${target.iqn}\n`;
}

/** Boots the disk wiper used when a server is cleaned. */
export function wipeScript(instance: ResolvedInstance): string {
  return header(instance, 'wipe the local disks') + 'chain ${boot-url}/wipe.ipxe\n';
}

/** The iSCSI volume of a diskless instance, named after its persistent id so a re-plan finds it again. */
export function volumeName(instance: ResolvedInstance): string {
  return `mbp-${instance.id}`.replace(/[^A-Za-z0-9.:_-]/g, '-');
}
