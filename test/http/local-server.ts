/**
 * Real HTTP(S) servers on 127.0.0.1 for the driver tests: a handler per
 * test, a count of requests, and a close that drops every connection.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => unknown;

export interface LocalServer {
  /** `http://127.0.0.1:PORT` (or https), no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Requests received so far. */
  readonly hits: () => number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler, tls?: { readonly key: string; readonly cert: string }, port = 0): Promise<LocalServer> {
  let hits = 0;
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    hits++;
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      Promise.resolve(handler(request, Buffer.concat(chunks).toString('utf8'), response)).catch((error: unknown) => {
        response.statusCode = 599;
        response.end(String(error));
      });
    });
  };
  const server = tls === undefined ? http.createServer(listener) : https.createServer({ key: tls.key, cert: tls.cert }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as net.AddressInfo).port;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${bound}`,
    port: bound,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (taken from the OS, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface SelfSigned {
  readonly key: string;
  readonly cert: string;
  /** Where it came from: generated now with openssl, or the committed fixture. */
  readonly origin: 'openssl' | 'fixture';
}

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * A self-signed certificate for 127.0.0.1 and localhost: made now with the
 * openssl CLI when there is one (node:crypto cannot make X.509
 * certificates), else the committed fixture `name` (valid until 2126).
 */
export function selfSigned(dir: string, name: 'server' | 'other'): SelfSigned {
  const key = path.join(dir, `${name}-key.pem`);
  const cert = path.join(dir, `${name}-cert.pem`);
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=mbp-test-${name}`,
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', key, '-out', cert],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8'), origin: 'openssl' };
  } catch {
    return {
      key: fs.readFileSync(path.join(fixtures, `${name}-key.pem`), 'utf8'),
      cert: fs.readFileSync(path.join(fixtures, `${name}-cert.pem`), 'utf8'),
      origin: 'fixture',
    };
  }
}
