import fs from 'node:fs';
import path from 'node:path';
import type { RunNetwork } from '../../runtime/apply/index.ts';
import type { KeyFactory, NetworkDrivers, SshEndpoint } from '../../runtime/steps/index.ts';

/**
 * `--ssh-endpoint-map FILE`, FOR TESTS ONLY: the simulated datacenter has no
 * OS, so a test stands an SSH server on loopback in for each instance.
 * `{ "<hostname>": { "host": "127.0.0.1", "port": 2201, "host_key": { "private": "…", "public": "ssh-ed25519 …" } } }`:
 * steps reach that instance at host:port, and `host_key` (optional) is the
 * pair the run generates as its host key, so the stand-in can present it.
 */
export interface SshEndpointMap {
  readonly endpoints: ReadonlyMap<string, SshEndpoint>;
  readonly hostKeys: ReadonlyMap<string, { readonly privateKey: string; readonly publicKey: string }>;
}

export function readSshEndpointMap(file: string): SshEndpointMap {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { host?: unknown; port?: unknown; host_key?: { private?: unknown; public?: unknown } }>;
  const endpoints = new Map<string, SshEndpoint>();
  const hostKeys = new Map<string, { privateKey: string; publicKey: string }>();
  for (const [hostname, e] of Object.entries(raw)) {
    if (typeof e.host !== 'string' || typeof e.port !== 'number') throw new Error(`--ssh-endpoint-map ${file}: ${hostname} needs "host" (a string) and "port" (a number)`);
    endpoints.set(hostname, { host: e.host, port: e.port });
    if (typeof e.host_key?.private === 'string' && typeof e.host_key.public === 'string') hostKeys.set(hostname, { privateKey: e.host_key.private, publicKey: e.host_key.public });
  }
  return { endpoints, hostKeys };
}

/** The key factory handing out the map's host keys (prepare_boot asks for `root@HOSTNAME`), fresh ones otherwise. */
export function mappedKeys(map: SshEndpointMap, base: KeyFactory): KeyFactory {
  return {
    hostKeyPair: (comment) => map.hostKeys.get(comment.replace(/^root@/, '')) ?? base.hostKeyPair(comment),
    token: () => base.token(),
  };
}

export interface ApplyNetworkFlags {
  readonly sshKey?: string;
  readonly acceptHostKey: readonly string[];
  readonly sshEndpointMap?: string;
}

/** The run's network drivers from the flags: known hosts beside the inventory and in ~/.ssh, accepted fingerprints, an identity. */
export async function networkFor(cwd: string, inventoryPath: string, flags: ApplyNetworkFlags, map: SshEndpointMap | undefined): Promise<{ network: RunNetwork; drivers: NetworkDrivers }> {
  const steps = await import('../../runtime/steps/index.ts');
  const drivers = steps.createNetworkDrivers({
    acceptHostKeys: flags.acceptHostKey,
    knownHostsFiles: steps.defaultKnownHostsFiles(path.dirname(path.resolve(cwd, inventoryPath))),
  });
  const sshKey = flags.sshKey === undefined ? undefined : fs.readFileSync(path.resolve(cwd, flags.sshKey), 'utf8');
  const network: RunNetwork = {
    drivers,
    ...(sshKey !== undefined ? { sshKey } : {}),
    ...(map ? { endpointOf: (instance) => map.endpoints.get(instance.hostname) } : {}),
  };
  return { network, drivers };
}
