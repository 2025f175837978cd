import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path/posix';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SFTPWrapper, Stats } from 'ssh2';
import { abortReason } from '../../clock/index.ts';
import { DriverError } from '../errors.ts';
import type { CopySource, IfExists } from '../exec.ts';
import { openSourceStream } from '../http/index.ts';
import { SSH_DRIVER, type SshConnection } from './connect.ts';
import { runCommand } from './run-command.ts';
import { shellQuote } from './shell-quote.ts';

/** A copy source: the ExecDriver's content and file, or a download streamed through. */
export type SshCopySource =
  | CopySource
  | { readonly kind: 'url'; readonly url: string; readonly ca?: string; readonly headers?: Readonly<Record<string, string>> };

export interface CopyPlan {
  readonly source: SshCopySource;
  readonly destination: string;
  readonly ifExists: IfExists;
  readonly mode?: number;
  /** `user` or `user:group`, set with chown before the file takes its name. */
  readonly owner?: string;
  /** Expected SHA-256 (hex) of the source; a mismatch fails and leaves the destination untouched. */
  readonly sha256?: string;
}

export interface CopyOutcome {
  readonly copied: boolean;
  /** Bytes written, or the size of the file left in place. */
  readonly bytes: number;
  /** SHA-256 (hex) of the source, when it was read. */
  readonly sha256?: string;
}

interface OpenedSource {
  readonly stream: Readable;
  readonly length?: number;
  /** Known before reading for inline content. */
  readonly sha256?: string;
}

/**
 * Copies through SFTP: the data goes to a temporary name beside the
 * destination (streamed: a download is never held whole), gets its mode
 * and owner, and is then renamed over the destination, so a killed run
 * never leaves half a file.
 */
export async function copyFile(connection: SshConnection, plan: CopyPlan, signal: AbortSignal): Promise<CopyOutcome> {
  const label = connection.label;
  const fail = (code: 'conflict' | 'invalid-argument' | 'device-error', message: string, retryable?: boolean): DriverError =>
    new DriverError({ code, driver: SSH_DRIVER, target: label, message, ...(retryable !== undefined ? { retryable } : {}) });
  if (!plan.destination.startsWith('/')) throw fail('invalid-argument', `the destination "${plan.destination}" must be an absolute path`);
  if (plan.owner !== undefined && !/^[A-Za-z0-9_.][A-Za-z0-9_.-]*(:[A-Za-z0-9_.][A-Za-z0-9_.-]*)?$/.test(plan.owner)) {
    throw fail('invalid-argument', `owner "${plan.owner}" is not "user" or "user:group"`);
  }
  if (plan.mode !== undefined && !(Number.isInteger(plan.mode) && plan.mode >= 0 && plan.mode <= 0o7777)) {
    throw fail('invalid-argument', `mode ${plan.mode} is not a permission mode (0 to 0o7777)`);
  }

  const sftp = await openSftp(connection, signal);
  const onAbort = (): void => sftp.end();
  signal.addEventListener('abort', onAbort, { once: true });
  let temp: string | undefined;
  let source: OpenedSource | undefined;
  try {
    const existing = await sftpCall<Stats | undefined>((cb) => sftp.stat(plan.destination, (err, stats) => cb(isNoSuchFile(err) ? undefined : err, err ? undefined : stats)));
    if (existing?.isDirectory()) throw fail('invalid-argument', `${plan.destination} on ${label} is a directory; name the file to write`, false);
    if (existing !== undefined) {
      if (plan.ifExists === 'error') {
        throw fail('conflict', `${plan.destination} already exists on ${label}; set if_exists to overwrite, if-size-differs or ignore`);
      }
      if (plan.ifExists === 'ignore') return { copied: false, bytes: existing.size };
    }
    source = await openSource(plan.source, signal);
    if (existing !== undefined && plan.ifExists === 'if-size-differs' && source.length === existing.size) {
      source.stream.destroy();
      return { copied: false, bytes: existing.size, ...(source.sha256 !== undefined ? { sha256: source.sha256 } : {}) };
    }

    temp = path.join(path.dirname(plan.destination), `.${path.basename(plan.destination)}.mbp-${randomBytes(4).toString('hex')}.tmp`);
    const hash = createHash('sha256');
    let bytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const target = sftp.createWriteStream(temp, { flags: 'w', ...(plan.mode !== undefined ? { mode: plan.mode } : {}) });
    const closed = new Promise<void>((resolve) => target.once('close', () => resolve()));
    await pipeline(source.stream, measure, target, { signal });
    await closed;
    const sha256 = hash.digest('hex');

    if (plan.sha256 !== undefined && plan.sha256.toLowerCase() !== sha256) {
      throw fail('invalid-argument', `the source's SHA-256 is ${sha256}, expected ${plan.sha256.toLowerCase()}; ${plan.destination} was left as it was`, false);
    }
    if (existing !== undefined && plan.ifExists === 'if-size-differs' && bytes === existing.size) {
      return { copied: false, bytes: existing.size, sha256 };
    }
    // The open mode passes through the server's umask; set it exactly.
    if (plan.mode !== undefined) await sftpCall<void>((cb) => sftp.chmod(temp!, plan.mode!, (err) => cb(err)));
    if (plan.owner !== undefined) {
      const chown = await runCommand(connection, { command: `chown -- ${shellQuote(plan.owner)} ${shellQuote(temp)}`, maxOutputBytes: 4096 }, signal);
      if (chown.exitCode !== 0) throw fail('device-error', `cannot set the owner ${plan.owner} on ${label}: ${chown.stderr.text().trim()}`, false);
    }
    await replace(sftp, temp, plan.destination, existing !== undefined);
    temp = undefined;
    return { copied: true, bytes, sha256 };
  } catch (error) {
    if (signal.aborted) throw abortReason(signal);
    if (error instanceof DriverError) throw error;
    throw sftpFailure(error, label, plan.destination);
  } finally {
    signal.removeEventListener('abort', onAbort);
    source?.stream.destroy();
    if (temp !== undefined && !signal.aborted) {
      const leftover = temp;
      await sftpCall<void>((cb) => sftp.unlink(leftover, (err) => cb(err))).catch(() => undefined);
    }
    sftp.end();
  }
}

/** POSIX rename over the destination where the server offers it (OpenSSH); else remove, then rename. */
async function replace(sftp: SFTPWrapper, from: string, to: string, exists: boolean): Promise<void> {
  let atomic = true;
  try {
    await sftpCall<void>((cb) => sftp.ext_openssh_rename(from, to, (err) => cb(err)));
    return;
  } catch (error) {
    if (!/does not support/.test((error as Error).message)) throw error;
    atomic = false;
  }
  if (!atomic && exists) await sftpCall<void>((cb) => sftp.unlink(to, (err) => cb(isNoSuchFile(err) ? undefined : err)));
  await sftpCall<void>((cb) => sftp.rename(from, to, (err) => cb(err)));
}

async function openSource(source: SshCopySource, signal: AbortSignal): Promise<OpenedSource> {
  switch (source.kind) {
    case 'content': {
      const bytes = typeof source.content === 'string' ? Buffer.from(source.content, 'utf8') : Buffer.from(source.content);
      return { stream: Readable.from([bytes]), length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    }
    case 'file': {
      let size: number;
      try {
        size = (await stat(source.path)).size;
      } catch (error) {
        throw new DriverError({ code: 'invalid-argument', driver: SSH_DRIVER, target: source.path, retryable: false, message: `cannot read the source file ${source.path}: ${(error as Error).message}` });
      }
      return { stream: createReadStream(source.path), length: size };
    }
    case 'url': {
      const opened = await openSourceStream(source, signal);
      return { stream: opened.body, ...(opened.length !== undefined ? { length: opened.length } : {}) };
    }
  }
}

function openSftp(connection: SshConnection, signal: AbortSignal): Promise<SFTPWrapper> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    connection.client.sftp((error, sftp) => {
      if (error) reject(connection.alive ? new DriverError({ code: 'device-error', driver: SSH_DRIVER, target: connection.label, message: `${connection.label} offers no SFTP: ${error.message}` }) : error);
      else resolve(sftp);
    });
  });
}

function sftpCall<T>(start: (cb: (error: Error | undefined | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}

function isNoSuchFile(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 2;
}

function sftpFailure(error: unknown, label: string, destination: string): DriverError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const reason = code === 2 ? 'no such directory' : code === 3 ? 'permission denied' : message;
  return new DriverError({
    code: 'device-error',
    driver: SSH_DRIVER,
    target: label,
    // A missing directory or a permission stays so on retry.
    retryable: code !== 2 && code !== 3,
    message: `cannot write ${destination} on ${label}: ${reason}`,
  });
}
