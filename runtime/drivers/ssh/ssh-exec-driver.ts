import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { systemClock, type Clock } from '../../clock/index.ts';
import { chainMaskers, createMasker, type Masker } from '../../secrets/index.ts';
import { DriverError, isDriverError } from '../errors.ts';
import type { CopyRequest, CopyResult, ExecDriver, ExecRequest, ExecResult, ExecTarget } from '../exec.ts';
import { withTimeout } from '../with-timeout.ts';
import { connect, SSH_DRIVER, SshConnection, targetLabel, type Credentials } from './connect.ts';
import { copyFile, type CopyOutcome, type SshCopySource } from './copy-file.ts';
import { createHostKeyPolicy, type HostKeyPolicy } from './host-key-policy.ts';
import { ConnectionPool, type Lease, type PoolLimits } from './pool.ts';
import { ConnectionLost, runCommand } from './run-command.ts';
import { envPrefix, isEnvName } from './shell-quote.ts';

/** Per stream; the middle of longer output is dropped, and the text says so. */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

export interface SshExecDriverOptions {
  /**
   * Trusts host keys. Default: only keys pinned on the target
   * (`ExecTarget.hostKey`); every other host fails as unknown.
   */
  readonly hostKeys?: HostKeyPolicy;
  /** Private key files tried when a target brings no credential of its own (e.g. the deployment's access key). */
  readonly identityFiles?: readonly string[];
  /** ssh-agent socket; default `SSH_AUTH_SOCK`; null for none. */
  readonly agentSocket?: string | null;
  readonly limits?: Partial<PoolLimits>;
  /** TCP connect plus SSH handshake and authentication (default 15 s). */
  readonly connectTimeoutMs?: number;
  /** Keepalive probes every this often (default 10 s); after `keepaliveCountMax` (3) unanswered the connection is lost. */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  readonly maxOutputBytes?: number;
  /** Secret values masked in every result and error of this driver. */
  readonly secrets?: Iterable<string>;
  readonly clock?: Clock;
  /** Reads an identity file (default node:fs). */
  readonly readFile?: (path: string) => string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What `std.ssh.exec` needs beyond the ExecDriver contract. */
export interface SshExecRequest extends ExecRequest {
  /** Exported before the command. */
  readonly env?: Readonly<Record<string, string>>;
  /** When set, an exit code outside the list rejects with a `device-error` quoting stderr. */
  readonly acceptedExitCodes?: readonly number[];
  /** Secret values in this request (a password in the command...), masked in output and errors. */
  readonly secrets?: readonly string[];
  /** The run's compiled masker (every secret it has seen), used as it is: cheaper than passing them all in `secrets`. */
  readonly masker?: Masker;
  /** Each output line as it arrives, masked. */
  readonly onOutput?: (stream: 'stdout' | 'stderr', line: string) => void;
}

/** What `std.ssh.copy` needs beyond the ExecDriver contract. */
export interface SshCopyRequest extends Omit<CopyRequest, 'source'> {
  readonly source: SshCopySource;
  readonly owner?: string;
  readonly sha256?: string;
  readonly secrets?: readonly string[];
  readonly masker?: Masker;
}

export interface SshCopyResult extends CopyResult {
  readonly path: string;
  /** SHA-256 (hex) of the source, when it was read (not when `ignore` kept the file). */
  readonly sha256?: string;
}

/**
 * The real ExecDriver over SSH (ssh2, pure JavaScript). Connections are
 * pooled per identity and reused within the run; host keys go through a
 * HostKeyPolicy that never trusts on first use; secrets are masked in all
 * it returns and throws. Call `close()` when the run ends.
 */
export class SshExecDriver implements ExecDriver {
  private readonly options: SshExecDriverOptions;
  private readonly pool: ConnectionPool<SshConnection>;
  private readonly clock: Clock;
  private readonly hostKeys: HostKeyPolicy;
  private readonly masker: Masker;
  private credentials: Credentials | undefined;

  constructor(options: SshExecDriverOptions = {}) {
    this.options = options;
    this.pool = new ConnectionPool(options.limits);
    this.clock = options.clock ?? systemClock;
    this.hostKeys = options.hostKeys ?? createHostKeyPolicy();
    this.masker = createMasker(options.secrets ?? []);
  }

  /** Connections opened so far and open now. */
  get connections(): { readonly opened: number; readonly open: number } {
    return { opened: this.pool.opened, open: this.pool.size };
  }

  async run(request: SshExecRequest, signal: AbortSignal): Promise<ExecResult> {
    const masker = this.maskerFor(request);
    const label = targetLabel(request);
    for (const name of Object.keys(request.env ?? {})) {
      if (!isEnvName(name)) throw new DriverError({ code: 'invalid-argument', driver: SSH_DRIVER, target: request.host, message: `"${name}" is not an environment variable name` });
    }
    const command = envPrefix(request.env ?? {}) + request.command;
    const shown = `command "${masker.mask(abbreviate(request.command))}"`;
    const max = this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const onOutput = request.onOutput;
    try {
      const outcome = await this.withConnection(request, shown, signal, (connection, inner) =>
        runCommand(
          connection,
          {
            command,
            ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
            maxOutputBytes: max,
            ...(onOutput !== undefined ? { onLine: (stream: 'stdout' | 'stderr', line: string) => onOutput(stream, masker.mask(line)) } : {}),
          },
          inner,
        ),
      );
      const result = { exitCode: outcome.exitCode, stdout: outcome.stdout.text(masker.mask), stderr: outcome.stderr.text(masker.mask) };
      const accepted = request.acceptedExitCodes;
      if (accepted !== undefined && !accepted.includes(result.exitCode)) {
        const tail = result.stderr.trim().slice(-500);
        throw new DriverError({
          code: 'device-error',
          driver: SSH_DRIVER,
          target: request.host,
          message: `${shown} on ${label} exited with ${result.exitCode} (accepted: ${accepted.join(', ')})${tail === '' ? '' : `; stderr: ${JSON.stringify(tail)}`}`,
        });
      }
      return result;
    } catch (error) {
      throw masker.maskError(error);
    }
  }

  async copy(request: SshCopyRequest, signal: AbortSignal): Promise<CopyResult> {
    const { copied, bytes } = await this.copyFile(request, signal);
    return { copied, bytes };
  }

  /** `copy` with the details `std.ssh.copy` reports (destination, source SHA-256). */
  async copyFile(request: SshCopyRequest, signal: AbortSignal): Promise<SshCopyResult> {
    const masker = this.maskerFor(request);
    try {
      const outcome: CopyOutcome = await this.withConnection(request, `copy to ${request.destination}`, signal, (connection, inner) =>
        copyFile(
          connection,
          {
            source: request.source,
            destination: request.destination,
            ifExists: request.ifExists,
            ...(request.mode !== undefined ? { mode: request.mode } : {}),
            ...(request.owner !== undefined ? { owner: request.owner } : {}),
            ...(request.sha256 !== undefined ? { sha256: request.sha256 } : {}),
          },
          inner,
        ),
      );
      return { ...outcome, path: request.destination };
    } catch (error) {
      throw masker.maskError(error);
    }
  }

  /** Ends every connection; the next call opens new ones. */
  async close(): Promise<void> {
    this.pool.closeAll();
  }

  /**
   * Runs `work` on a pooled connection within the request's time limit.
   * A connection that ends mid-work is a retryable `unreachable` failure and
   * is dropped; a timed-out or aborted command gives its session back.
   */
  private async withConnection<T>(
    target: ExecTarget & { readonly timeoutMs: number },
    what: string,
    signal: AbortSignal,
    work: (connection: SshConnection, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const label = targetLabel(target);
    return withTimeout(this.clock, target.timeoutMs, signal, { driver: SSH_DRIVER, target: target.host, what }, async (inner) => {
      const lease: Lease<SshConnection> = await this.pool.acquire(
        `${target.host}:${target.port}`,
        this.identity(target),
        (openSignal) => connect(target, this.connectSettings(), openSignal),
        inner,
      );
      let broken = false;
      let unsubscribe = (): void => undefined;
      // Whatever the work waits on (a channel, an SFTP reply), the end of the connection ends it.
      const lost = new Promise<never>((_resolve, reject) => {
        unsubscribe = lease.connection.onClose(() => reject(new ConnectionLost('the connection closed')));
      });
      lost.catch(() => undefined);
      try {
        return await Promise.race([work(lease.connection, inner), lost]);
      } catch (error) {
        if (inner.aborted) throw error;
        if (error instanceof ConnectionLost || !lease.connection.alive) {
          broken = true;
          throw new DriverError({
            code: 'unreachable',
            driver: SSH_DRIVER,
            target: target.host,
            cause: error,
            message: `the connection to ${label} was lost during the ${what}; it may have run in part (${(error as Error).message})`,
          });
        }
        if (!isDriverError(error)) broken = true;
        throw error;
      } finally {
        unsubscribe();
        lease.release(broken);
      }
    });
  }

  private connectSettings() {
    return {
      hostKeys: this.hostKeys,
      credentials: this.loadCredentials(),
      connectTimeoutMs: this.options.connectTimeoutMs ?? 15_000,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 10_000,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
    };
  }

  private loadCredentials(): Credentials {
    if (this.credentials !== undefined) return this.credentials;
    const read = this.options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
    const privateKeys = (this.options.identityFiles ?? []).map((file) => {
      try {
        return read(file);
      } catch (error) {
        throw new DriverError({ code: 'invalid-argument', driver: SSH_DRIVER, target: file, retryable: false, message: `cannot read the SSH identity file ${file}: ${(error as Error).message}` });
      }
    });
    const agent = this.options.agentSocket === null ? undefined : (this.options.agentSocket ?? (this.options.env ?? process.env).SSH_AUTH_SOCK);
    this.credentials = { privateKeys, ...(agent !== undefined && agent !== '' ? { agent } : {}) };
    return this.credentials;
  }

  /** Connections are shared only by requests with the same user, host, port, credential and pinned key. */
  private identity(target: ExecTarget): string {
    const auth = target.auth === undefined ? '' : 'password' in target.auth ? `p:${target.auth.password}` : `k:${target.auth.privateKey}`;
    const digest = createHash('sha256').update(`${auth}\u0000${target.hostKey ?? ''}`).digest('hex');
    return `${targetLabel(target)}#${digest}`;
  }

  private maskerFor(request: ExecTarget & { readonly secrets?: readonly string[]; readonly masker?: Masker }): Masker {
    // A password or key given on the target is a secret whether or not the caller said so.
    const own = request.auth === undefined ? [] : 'password' in request.auth ? [request.auth.password] : [request.auth.privateKey];
    const mine = this.masker.with([...own, ...(request.secrets ?? [])]);
    return request.masker === undefined ? mine : chainMaskers(request.masker, mine);
  }
}

function abbreviate(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
