import type { OsTemplateDef } from './os-template.ts';

/*
 * Built-in OS templates. Asset paths are relative to the datacenter's asset
 * repository; every sha256 is a placeholder for the simulated datacenter
 * (see OsAsset), fixed so plans stay byte-identical.
 */

const MIN = 60_000;
const sshReady = (minutes: number) => ({ method: 'ssh', port: 22, timeout: minutes * MIN }) as const;

export const ubuntu2204: OsTemplateDef = {
  name: 'std.os.ubuntu_2204',
  title: 'Ubuntu 22.04 LTS (Jammy Jellyfish)',
  doc: 'Ubuntu Server 22.04 LTS, installed by Subiquity autoinstall with cloud-init user-data. Diskless-capable: with `pxe_iscsi` the cloud image is cloned into the instance\'s iSCSI root volume and cloud-init configures it on first boot.',
  family: 'ubuntu',
  version: '22.04',
  bootMethods: ['local_drives', 'pxe_iscsi'],
  installer: 'cloud-init-autoinstall',
  kernel: { path: 'ubuntu/22.04/vmlinuz', sha256: '9fbaec6c73317133f54f89861165302c7cd2424fb880b898b471f786e65bf0a0' },
  initrd: { path: 'ubuntu/22.04/initrd', sha256: '04b2417b897ec2b9f17ed0e6db7fdabfd6090cf6d3fa9d25f025a99334294c61' },
  image: {
    path: 'ubuntu/22.04/jammy-server-cloudimg-amd64.img',
    sha256: '9e0716c3347d388a0aa0b4f47346bda7788b69e4580060e2f7a60f1c3b4059fa',
  },
  installerConfig: 'ubuntu/22.04/autoinstall/user-data.tmpl',
  ready: sshReady(20),
};

export const ubuntu2404: OsTemplateDef = {
  name: 'std.os.ubuntu_2404',
  title: 'Ubuntu 24.04 LTS (Noble Numbat)',
  doc: 'Ubuntu Server 24.04 LTS, installed by Subiquity autoinstall with cloud-init user-data. Diskless-capable: with `pxe_iscsi` the cloud image is cloned into the instance\'s iSCSI root volume and cloud-init configures it on first boot.',
  family: 'ubuntu',
  version: '24.04',
  bootMethods: ['local_drives', 'pxe_iscsi'],
  installer: 'cloud-init-autoinstall',
  kernel: { path: 'ubuntu/24.04/vmlinuz', sha256: '8c6329d607ed3cac87c8a042ca9eca871a9d84ac27abf80aae5eb4c0307b1d07' },
  initrd: { path: 'ubuntu/24.04/initrd', sha256: '9d2f082220e1c59b0cc37b598ddcfd3556887407888d2cf732643da0efcd81f9' },
  image: {
    path: 'ubuntu/24.04/noble-server-cloudimg-amd64.img',
    sha256: '35373c145ec3dd2adb4b001953fce4b28ee56712fb7a76817de92263182ff52a',
  },
  installerConfig: 'ubuntu/24.04/autoinstall/user-data.tmpl',
  ready: sshReady(20),
};

export const debian12: OsTemplateDef = {
  name: 'std.os.debian_12',
  title: 'Debian 12 (Bookworm)',
  doc: 'Debian 12, installed by debian-installer with a preseed file. Local drives only: the Debian installer has no supported iSCSI-root path.',
  family: 'debian',
  version: '12',
  bootMethods: ['local_drives'],
  installer: 'preseed',
  kernel: { path: 'debian/12/linux', sha256: '464741d1990072e922064247f30437c9874f21c39afe8ae9c290817fd7644e45' },
  initrd: { path: 'debian/12/initrd.gz', sha256: '2382c76728039f768c6ca914f6abd58ad0e230f3cc2754254603bdb55721765d' },
  image: {
    path: 'debian/12/debian-12-generic-amd64.qcow2',
    sha256: '8a56bed4774348cde01e07d876eb084f0238e58cdc662c9bf587e1408ba9a6f5',
  },
  installerConfig: 'debian/12/preseed.cfg.tmpl',
  ready: sshReady(30),
};

export const rocky9: OsTemplateDef = {
  name: 'std.os.rocky_9',
  title: 'Rocky Linux 9',
  doc: 'Rocky Linux 9, installed by Anaconda with a kickstart file. Diskless-capable: with `pxe_iscsi` the root file system lives on the instance\'s iSCSI volume (dracut `netroot`).',
  family: 'rhel',
  version: '9',
  bootMethods: ['local_drives', 'pxe_iscsi'],
  installer: 'kickstart',
  kernel: { path: 'rocky/9/vmlinuz', sha256: 'fc93fcadd13d05f4d5ac6fcb1f4ccf995614ea69d686d8db3030828ce9883434' },
  initrd: { path: 'rocky/9/initrd.img', sha256: 'be0950cff69f44cf03c740221c30f8ee6c4f993fdd2ae93df663a1dd1b6afceb' },
  image: {
    path: 'rocky/9/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2',
    sha256: '5297f204fec48cb7f3a18c758c81cbabdf81e4ae88fa5f0e79e2649fc7a1a93a',
  },
  installerConfig: 'rocky/9/ks.cfg.tmpl',
  ready: sshReady(25),
};

export const alma9: OsTemplateDef = {
  name: 'std.os.alma_9',
  title: 'AlmaLinux 9',
  doc: 'AlmaLinux 9, installed by Anaconda with a kickstart file. Diskless-capable: with `pxe_iscsi` the root file system lives on the instance\'s iSCSI volume (dracut `netroot`).',
  family: 'rhel',
  version: '9',
  bootMethods: ['local_drives', 'pxe_iscsi'],
  installer: 'kickstart',
  kernel: { path: 'alma/9/vmlinuz', sha256: '9936c12f5d37bc909219ded92b0e34bfa7a3c7a32b0d0f732e6894e3433bf1f6' },
  initrd: { path: 'alma/9/initrd.img', sha256: 'd5481a28d7dd3b5fb6e24f2be728c123bc86fb6c73f1da22317e205d504a1e6a' },
  image: {
    path: 'alma/9/AlmaLinux-9-GenericCloud-latest.x86_64.qcow2',
    sha256: '0587b624b027a6015eb525135c065e96605a040e1e2f68a3604512ae86b432b9',
  },
  installerConfig: 'alma/9/ks.cfg.tmpl',
  ready: sshReady(25),
};

export const flatcar: OsTemplateDef = {
  name: 'std.os.flatcar',
  title: 'Flatcar Container Linux (stable)',
  doc: 'Flatcar Container Linux, stable channel, configured by Ignition. `local_drives` writes the image with `flatcar-install`; `pxe_iscsi` boots the PXE image with its root on the iSCSI volume. Ready by SSH as user `core`.',
  family: 'flatcar',
  version: 'stable',
  bootMethods: ['local_drives', 'pxe_iscsi'],
  installer: 'ignition',
  kernel: { path: 'flatcar/stable/flatcar_production_pxe.vmlinuz', sha256: '25c5f847cad9ccd934a107aa39055ffd047c03f1eb0736bb3175680b5fc7341a' },
  initrd: {
    path: 'flatcar/stable/flatcar_production_pxe_image.cpio.gz',
    sha256: '88dac310367fcfbfbe41a065c1a3a7d96c26b14d6c71b3849ec25047d2dc9a37',
  },
  image: {
    path: 'flatcar/stable/flatcar_production_image.bin.bz2',
    sha256: '40fa639bfbbb11854153ebb66f707b3fe9b9a234f4890840cb23070413b1204e',
  },
  installerConfig: 'flatcar/stable/ignition.json.tmpl',
  ready: sshReady(15),
};

export const OS_TEMPLATE_LIST: readonly OsTemplateDef[] = Object.freeze([ubuntu2204, ubuntu2404, debian12, rocky9, alma9, flatcar]);
