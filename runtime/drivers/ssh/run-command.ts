import { constants } from 'node:os';
import type { ClientChannel } from 'ssh2';
import { abortReason } from '../../clock/index.ts';
import { DriverError } from '../errors.ts';
import { BoundedOutput, LineSplitter } from './bounded-output.ts';
import { SSH_DRIVER, type SshConnection } from './connect.ts';

export interface CommandRun {
  readonly command: string;
  readonly stdin?: string;
  readonly maxOutputBytes: number;
  /** Each complete line as it arrives, unmasked: the caller masks. */
  readonly onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface CommandOutcome {
  readonly exitCode: number;
  readonly stdout: BoundedOutput;
  readonly stderr: BoundedOutput;
}

/** The connection ended while the command ran; the command may have run in part. */
export class ConnectionLost extends Error {
  override readonly name = 'ConnectionLost';
}

/**
 * Runs one command on an open connection. A command killed by a signal
 * exits 128 + the signal's number, as a shell reports it. On abort the
 * channel is killed and closed and the promise rejects with the reason.
 */
export function runCommand(connection: SshConnection, run: CommandRun, signal: AbortSignal): Promise<CommandOutcome> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const stdout = new BoundedOutput(run.maxOutputBytes);
    const stderr = new BoundedOutput(run.maxOutputBytes);
    const lines = run.onLine && {
      stdout: new LineSplitter((l) => run.onLine!('stdout', l)),
      stderr: new LineSplitter((l) => run.onLine!('stderr', l)),
    };
    let channel: ClientChannel | undefined;
    let exitCode: number | undefined;
    let settled = false;
    const settle = (outcome: { ok: CommandOutcome } | { error: unknown }): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      connection.client.removeListener('close', onConnectionClose);
      if ('ok' in outcome) resolve(outcome.ok);
      else reject(outcome.error);
    };
    const onAbort = (): void => {
      if (channel !== undefined) {
        // OpenSSH ignores signal requests without a pty; closing the channel hangs up the session.
        channel.signal('KILL');
        channel.close();
      }
      settle({ error: abortReason(signal) });
    };
    const onConnectionClose = (): void => settle({ error: new ConnectionLost('the connection closed') });
    signal.addEventListener('abort', onAbort, { once: true });
    connection.client.once('close', onConnectionClose);
    try {
      connection.client.exec(run.command, (error, opened) => {
        if (error !== undefined && error !== null) {
          settle({ error: connection.alive ? new DriverError({ code: 'device-error', driver: SSH_DRIVER, target: connection.label, message: `${connection.label} refused to start a command: ${error.message}` }) : new ConnectionLost(error.message) });
          return;
        }
        channel = opened;
        if (settled) {
          opened.close();
          return;
        }
        opened.on('data', (chunk: Buffer) => {
          stdout.push(chunk);
          lines?.stdout.push(chunk);
        });
        opened.stderr.on('data', (chunk: Buffer) => {
          stderr.push(chunk);
          lines?.stderr.push(chunk);
        });
        opened.on('exit', (code: number | null, signalName?: string) => {
          exitCode = code ?? 128 + (signalNumber(signalName) ?? 0);
        });
        opened.on('close', () => {
          lines?.stdout.flush();
          lines?.stderr.flush();
          if (exitCode === undefined) settle({ error: new ConnectionLost('the session ended without an exit status') });
          else settle({ ok: { exitCode, stdout, stderr } });
        });
        opened.end(run.stdin ?? '');
      });
    } catch (error) {
      settle({ error: new ConnectionLost((error as Error).message) });
    }
  });
}

function signalNumber(name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  // ssh2 reports "SIGTERM"; the protocol itself says "TERM".
  return (constants.signals as Record<string, number | undefined>)[name.startsWith('SIG') ? name : `SIG${name}`];
}
