import type { Client, ConnectConfig } from 'ssh2';
import { abortReason } from '../../clock/index.ts';
import { DriverError } from '../errors.ts';
import type { ExecTarget } from '../exec.ts';
import { hostKeyFromBlob } from './host-key.ts';
import type { HostKeyPolicy, HostKeyVerdict } from './host-key-policy.ts';
import type { Poolable } from './pool.ts';

export const SSH_DRIVER = 'exec/ssh';

/** Credentials other than the target's own: the driver's key files and agent. */
export interface Credentials {
  /** Private keys (PEM or OpenSSH), read from the driver's identity files. */
  readonly privateKeys: readonly string[];
  /** The ssh-agent socket (`SSH_AUTH_SOCK`), if any. */
  readonly agent?: string;
}

export interface ConnectSettings {
  readonly hostKeys: HostKeyPolicy;
  readonly credentials: Credentials;
  readonly connectTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
}

/** An open, authenticated SSH connection in the pool. */
export class SshConnection implements Poolable {
  private closed = false;
  private readonly listeners: Array<() => void> = [];

  constructor(
    readonly client: Client,
    readonly label: string,
  ) {
    client.on('close', () => this.ended());
    // After the handshake an error always ends in 'close'; the pending command reports it.
    client.on('error', () => undefined);
  }

  get alive(): boolean {
    return !this.closed;
  }

  close(): void {
    this.client.end();
    // A peer that stopped answering never acknowledges the end.
    setTimeout(() => this.client.destroy(), 1_000).unref();
  }

  /** Returns a function that removes the listener. */
  onClose(listener: () => void): () => void {
    if (this.closed) {
      listener();
      return () => undefined;
    }
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  private ended(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.listeners.splice(0)) l();
  }
}

let ssh2Module: Promise<typeof import('ssh2')> | undefined;
/** ssh2 loads on first connection: commands that never use SSH do not pay for it. */
function loadSsh2(): Promise<typeof import('ssh2')> {
  return (ssh2Module ??= import('ssh2').then((m) => ((m as { default?: typeof import('ssh2') }).default ?? m)));
}

/** `user@host:port`, as messages name an SSH target. */
export function targetLabel(target: ExecTarget): string {
  return `${target.user}@${target.host}:${target.port}`;
}

/**
 * Connects and authenticates, or fails with a DriverError saying why:
 * `unreachable` (refused, no answer, handshake timeout), `unknown-target`
 * (unknown host key) or `conflict` (changed host key), neither retryable,
 * and `device-error` when every credential was refused.
 */
export async function connect(target: ExecTarget, settings: ConnectSettings, signal: AbortSignal): Promise<SshConnection> {
  signal.throwIfAborted();
  const { Client } = await loadSsh2();
  const label = targetLabel(target);
  const subject = { host: target.host, port: target.port, ...(target.hostKey !== undefined ? { pinned: target.hostKey } : {}) };
  let rejected: Extract<HostKeyVerdict, { trusted: false }> | undefined;
  const preferred = settings.hostKeys.preferredAlgorithms(subject);
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.user,
    readyTimeout: settings.connectTimeoutMs,
    keepaliveInterval: settings.keepaliveIntervalMs,
    keepaliveCountMax: settings.keepaliveCountMax,
    hostVerifier: (key: Buffer) => {
      const verdict = settings.hostKeys.check(subject, hostKeyFromBlob(key));
      if (!verdict.trusted) rejected = verdict;
      return verdict.trusted;
    },
    ...(preferred.length > 0 ? { algorithms: { serverHostKey: { remove: [...preferred], prepend: [...preferred] } as never } } : {}),
    ...credentialConfig(target, settings.credentials),
  };
  const client = new Client();
  return new Promise<SshConnection>((resolve, reject) => {
    const onAbort = (): void => {
      client.destroy();
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(new SshConnection(client, label));
    });
    client.once('error', (error: Error & { level?: string; code?: string }) => {
      signal.removeEventListener('abort', onAbort);
      client.destroy();
      reject(connectFailure(label, target.host, error, rejected));
    });
    try {
      client.connect(config);
    } catch (error) {
      signal.removeEventListener('abort', onAbort);
      reject(new DriverError({ code: 'invalid-argument', driver: SSH_DRIVER, target: target.host, retryable: false, message: `cannot connect to ${label}: ${(error as Error).message}` }));
    }
  });
}

function credentialConfig(target: ExecTarget, credentials: Credentials): Partial<ConnectConfig> {
  // The target's own credential (resolved from a secret at apply) comes first and alone.
  if (target.auth !== undefined) return 'password' in target.auth ? { password: target.auth.password } : { privateKey: target.auth.privateKey };
  const out: Partial<ConnectConfig> = {};
  if (credentials.agent !== undefined) out.agent = credentials.agent;
  const [first, ...more] = credentials.privateKeys;
  if (first !== undefined) out.privateKey = first;
  if (more.length > 0) {
    // ssh2 takes one key in `privateKey`; further keys go through an auth handler.
    const methods: Array<{ type: 'publickey'; username: string; key: string } | { type: 'agent'; username: string; agent: string }> = [
      ...credentials.privateKeys.map((key) => ({ type: 'publickey' as const, username: target.user, key })),
      ...(credentials.agent !== undefined ? [{ type: 'agent' as const, username: target.user, agent: credentials.agent }] : []),
    ];
    out.authHandler = methods as never;
  }
  return out;
}

function connectFailure(label: string, host: string, error: Error & { level?: string; code?: string }, rejected: Extract<HostKeyVerdict, { trusted: false }> | undefined): DriverError {
  const base = { driver: SSH_DRIVER, target: host };
  if (rejected !== undefined) {
    return new DriverError({ ...base, code: rejected.problem === 'unknown' ? 'unknown-target' : 'conflict', retryable: false, message: `cannot connect to ${label}: ${rejected.message}` });
  }
  if (error.level === 'client-authentication') {
    return new DriverError({
      ...base,
      code: 'device-error',
      message: `${label} refused every credential offered (${error.message}); check the user, that its authorized_keys holds the deployment's access key, or that the agent (SSH_AUTH_SOCK) has the key loaded`,
    });
  }
  if (error.level === 'client-timeout') {
    return new DriverError({ ...base, code: 'unreachable', message: `cannot connect to ${label}: no SSH handshake within the connect timeout (${error.message})` });
  }
  const reason =
    error.code === 'ECONNREFUSED'
      ? 'connection refused'
      : error.code === 'ENOTFOUND'
        ? 'host name not found'
        : error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH'
          ? 'no route to host'
          : error.message;
  return new DriverError({ ...base, code: 'unreachable', message: `cannot connect to ${label}: ${reason}` });
}
