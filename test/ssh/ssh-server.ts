/**
 * A real SSH server on 127.0.0.1 for the driver tests, built on ssh2's own
 * Server: public-key (and optional password) authentication, `exec` run by
 * /bin/sh on this machine, and an SFTP subsystem over the local file
 * system. It counts connections, so tests can see reuse, and a TCP relay
 * in front of it can cut every connection to simulate a network loss.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import ssh2 from 'ssh2';
import { generateEd25519KeyPair } from '../../runtime/drivers/ssh/index.ts';
import type { Connection, ServerChannel, SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;
const { STATUS_CODE, flagsToString } = utils.sftp;

export interface KeyPair {
  readonly private: string;
  /** `ssh-ed25519 AAAA... comment` */
  readonly public: string;
}

export function generateKeyPair(comment = 'mbp-test'): KeyPair {
  const keys = generateEd25519KeyPair(comment);
  return { private: keys.privateKey, public: keys.publicKey };
}

/** `ssh-ed25519 AAAA...` without the comment, as a pin. */
export function publicKeyText(pair: KeyPair): string {
  return pair.public.split(' ').slice(0, 2).join(' ');
}

export interface TestSshServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The server's host key, `ssh-ed25519 AAAA...`. */
  readonly hostKey: string;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Commands run, in order. */
  readonly commands: string[];
  close(): Promise<void>;
}

export interface TestSshServerOptions {
  readonly hostKey?: KeyPair;
  /** Public keys allowed to log in (any user). */
  readonly authorizedKeys: readonly string[];
  readonly password?: string;
}

export async function startSshServer(options: TestSshServerOptions): Promise<TestSshServer> {
  const hostKey = options.hostKey ?? generateKeyPair('host');
  const allowed = options.authorizedKeys.map((k) => {
    const parsed = utils.parseKey(k);
    if (parsed instanceof Error) throw parsed;
    return parsed;
  });
  const commands: string[] = [];
  const clients = new Set<Connection>();
  let connections = 0;
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    connections++;
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && options.password !== undefined && ctx.password === options.password) return ctx.accept();
      if (ctx.method === 'publickey') {
        const key = allowed.find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
        if (key !== undefined && (ctx.signature === undefined || key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)) return ctx.accept();
      }
      ctx.reject(options.password !== undefined ? ['publickey', 'password'] : ['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          commands.push(info.command);
          execute(accept(), info.command);
        });
        session.on('sftp', (accept) => serveSftp(accept()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    hostKey: publicKeyText(hostKey),
    connections: () => connections,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}

function execute(channel: ServerChannel, command: string): void {
  const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] });
  let done = false;
  channel.pipe(child.stdin).on('error', () => undefined);
  // A client that goes away mid-command (the connection-loss tests) ends the
  // channel while the shell still writes: that is expected, not a crash.
  channel.on('error', () => undefined);
  channel.stderr.on('error', () => undefined);
  // ssh2 1.17's server Channel keeps one pending chunk per stream while it
  // waits for the client's window, but a window adjust resumes only the
  // stdout chunk (stderr waits while one is set) and the chunk is never
  // cleared once written. With stdout and stderr both stalled, a later
  // adjust resends stale stdout and calls its write callback twice, which
  // destroys the channel: close without exit-status. So write one chunk at a
  // time, clear the finished chunk, and send exit-status only when every
  // byte is out, then EOF and close (channel.end), as OpenSSH does.
  const queue: { readonly stderr: boolean; readonly data: Buffer }[] = [];
  let writing = false;
  let finish: (() => void) | undefined;
  const internals = channel as unknown as Record<'_chunk' | '_chunkcb' | '_chunkErr' | '_chunkcbErr', unknown>;
  const pump = (): void => {
    if (writing) return;
    const next = queue.shift();
    if (next === undefined) {
      const f = finish;
      finish = undefined;
      f?.();
      return;
    }
    writing = true;
    const source = next.stderr ? child.stderr : child.stdout;
    (next.stderr ? channel.stderr : channel).write(next.data, () => {
      internals._chunk = internals._chunkcb = internals._chunkErr = internals._chunkcbErr = undefined;
      writing = false;
      source.resume();
      pump();
    });
  };
  for (const [source, stderr] of [[child.stdout, false], [child.stderr, true]] as const) {
    source.on('data', (data: Buffer) => {
      source.pause();
      queue.push({ stderr, data });
      pump();
    });
  }
  child.on('close', (code, signal) => {
    done = true;
    finish = () => {
      if (signal !== null) channel.exit(signal.replace(/^SIG/, ''), false, '');
      else channel.exit(code ?? 0);
      channel.end();
    };
    pump();
  });
  channel.on('close', () => {
    child.stdout.removeAllListeners('data');
    child.stderr.removeAllListeners('data');
    child.stdout.resume();
    child.stderr.resume();
    if (!done) child.kill('SIGKILL');
  });
}

function statusOf(error: NodeJS.ErrnoException): number {
  if (error.code === 'ENOENT') return STATUS_CODE.NO_SUCH_FILE;
  if (error.code === 'EACCES' || error.code === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

function attrsOf(stats: fs.Stats) {
  return { mode: stats.mode, uid: stats.uid, gid: stats.gid, size: stats.size, atime: Math.floor(stats.atimeMs / 1000), mtime: Math.floor(stats.mtimeMs / 1000) };
}

/** SFTP version 3 over the local file system: enough for uploads (rename refuses an existing target, as v3 says). */
function serveSftp(sftp: SFTPWrapper): void {
  const handles = new Map<number, number>();
  let next = 0;
  const fdOf = (handle: Buffer): number | undefined => (handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined);
  const reply = (reqid: number) => (error: NodeJS.ErrnoException | null) => sftp.status(reqid, error ? statusOf(error) : STATUS_CODE.OK);
  sftp.on('OPEN', (reqid, filename, flags, attrs) => {
    const mode = flagsToString(flags);
    if (mode === null) return sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED);
    fs.open(filename, mode, attrs.mode ?? 0o666, (error, fd) => {
      if (error) return sftp.status(reqid, statusOf(error));
      const id = next++;
      handles.set(id, fd);
      const handle = Buffer.alloc(4);
      handle.writeUInt32BE(id, 0);
      sftp.handle(reqid, handle);
    });
  });
  sftp.on('WRITE', (reqid, handle, offset, data) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
    fs.write(fd, data, 0, data.length, offset, (error) => reply(reqid)(error));
  });
  sftp.on('CLOSE', (reqid, handle) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
    handles.delete(handle.readUInt32BE(0));
    fs.close(fd, reply(reqid));
  });
  const stat = (reqid: number, path: string): void =>
    fs.stat(path, (error, stats) => (error ? sftp.status(reqid, statusOf(error)) : sftp.attrs(reqid, attrsOf(stats))));
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('FSTAT', (reqid, handle) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
    fs.fstat(fd, (error, stats) => (error ? sftp.status(reqid, statusOf(error)) : sftp.attrs(reqid, attrsOf(stats))));
  });
  sftp.on('SETSTAT', (reqid, path, attrs) => {
    if (attrs.mode === undefined) return sftp.status(reqid, STATUS_CODE.OK);
    fs.chmod(path, attrs.mode & 0o7777, reply(reqid));
  });
  sftp.on('FSETSTAT', (reqid, handle, attrs) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
    if (attrs.mode === undefined) return sftp.status(reqid, STATUS_CODE.OK);
    fs.fchmod(fd, attrs.mode & 0o7777, reply(reqid));
  });
  sftp.on('RENAME', (reqid, from, to) => {
    if (fs.existsSync(to)) return sftp.status(reqid, STATUS_CODE.FAILURE);
    fs.rename(from, to, reply(reqid));
  });
  sftp.on('REMOVE', (reqid, path) => fs.unlink(path, reply(reqid)));
  sftp.on('REALPATH', (reqid, path) => sftp.name(reqid, [{ filename: fs.realpathSync(path), longname: path, attrs: {} as never }]));
}

/** A TCP relay in front of a server; `cut()` drops every relayed connection at once, as a network loss would. */
export interface Relay {
  readonly port: number;
  cut(): void;
  close(): Promise<void>;
}

export async function startRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((inbound) => {
    const outbound = net.connect(targetPort, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (relay.address() as net.AddressInfo).port,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        relay.close(() => resolve());
      }),
  };
}
