import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPair, startSshServer, type KeyPair, type TestSshServer } from '../ssh/ssh-server.ts';
import type { Run } from './simulated-world.ts';

const BIN = fileURLToPath(new URL('../../cli/bin/mbp.js', import.meta.url));

/**
 * `mbp ARGS` in `dir`, without blocking this process: the SSH and HTTP
 * servers standing in for the far side run in the test's own event loop.
 */
export function mbpAsync(dir: string, args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...extraEnv };
  delete env.MBP_INVENTORY;
  delete env.SSH_AUTH_SOCK;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env });
  let stdout = '';
  let stderr = '';
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** SSH servers on loopback standing in for instances, and the `--ssh-endpoint-map` file that points the run at them. */
export interface StandIns {
  readonly servers: ReadonlyMap<string, TestSshServer>;
  /** `--ssh-endpoint-map` file. */
  readonly mapFile: string;
  /** `--ssh-key` file: the client key the servers accept. */
  readonly keyFile: string;
  close(): Promise<void>;
}

/**
 * One server per hostname. The map gives the run each instance's host key
 * pair to generate; `presented` overrides the key a server really shows
 * (a host reinstalled outside mbp, or a man in the middle).
 */
export async function startStandIns(dir: string, hostnames: readonly string[], presented: Readonly<Record<string, KeyPair>> = {}): Promise<StandIns> {
  const client = generateKeyPair('mbp-test-client');
  const keyFile = path.join(dir, 'client_key');
  fs.writeFileSync(keyFile, client.private, { mode: 0o600 });
  const servers = new Map<string, TestSshServer>();
  const map: Record<string, unknown> = {};
  for (const hostname of hostnames) {
    const pinned = generateKeyPair(`root@${hostname}`);
    const server = await startSshServer({ hostKey: presented[hostname] ?? pinned, authorizedKeys: [client.public] });
    servers.set(hostname, server);
    map[hostname] = { host: server.host, port: server.port, host_key: { private: pinned.private, public: pinned.public } };
  }
  const mapFile = path.join(dir, 'ssh-endpoints.json');
  fs.writeFileSync(mapFile, JSON.stringify(map));
  return { servers, mapFile, keyFile, close: async () => void (await Promise.all([...servers.values()].map((s) => s.close()))) };
}

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** An HTTP server on 127.0.0.1 that records each request and answers with `respond`. */
export async function startWebhook(respond: (r: ReceivedRequest) => { status: number; body: string; type?: string } = () => ({ status: 200, body: '{"ok":true}', type: 'application/json' })) {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => void (body += d.toString()));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(r);
      const a = respond(r);
      res.writeHead(a.status, { 'content-type': a.type ?? 'text/plain' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}
