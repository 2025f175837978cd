import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../clock/index.ts';
import { NodeHttpDriver } from '../drivers/http/index.ts';
import { createHostKeyPolicy, SshExecDriver } from '../drivers/ssh/index.ts';
import { runHook } from '../hooks/index.ts';
import type { NetworkRuntime } from './network-runtime.ts';

/** The network drivers of one run: one SSH pool, one cookie jar, the hook runner; `close` ends the pool. */
export type NetworkDrivers = Pick<NetworkRuntime, 'ssh' | 'http' | 'hooks'> & { close(): Promise<void> };

export interface NetworkDriverOptions {
  /** `--accept-host-key FINGERPRINT` (repeatable): trusted whatever the host. */
  readonly acceptHostKeys?: readonly string[];
  /** OpenSSH known_hosts files, in order (the apply layer gives `<inventory dir>/known_hosts` and `~/.ssh/known_hosts`). */
  readonly knownHostsFiles?: readonly string[];
  /** ssh-agent socket; default `SSH_AUTH_SOCK`; null for none. */
  readonly agentSocket?: string | null;
  readonly clock?: Clock;
  /** Values masked by the drivers themselves (the run masks every output, log and error again). */
  readonly secrets?: Iterable<string>;
}

/** The known_hosts files a run reads: the inventory's own, then the user's. */
export function defaultKnownHostsFiles(inventoryDir: string, home: string = os.homedir()): string[] {
  return [path.join(inventoryDir, 'known_hosts'), path.join(home, '.ssh', 'known_hosts')];
}

/** The real SSH and HTTP drivers and the hook runner, built once per run. */
export function createNetworkDrivers(options: NetworkDriverOptions = {}): NetworkDrivers {
  const secrets = options.secrets ? [...options.secrets] : [];
  const ssh = new SshExecDriver({
    hostKeys: createHostKeyPolicy({ knownHostsFiles: options.knownHostsFiles ?? [], acceptFingerprints: options.acceptHostKeys ?? [] }),
    ...(options.agentSocket !== undefined ? { agentSocket: options.agentSocket } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    secrets,
  });
  const http = new NodeHttpDriver({ ...(options.clock ? { clock: options.clock } : {}), secrets });
  return {
    ssh,
    http,
    hooks: { call: (call, signal) => runHook(call, signal, options.clock ? { clock: options.clock } : {}) },
    close: () => ssh.close(),
  };
}
