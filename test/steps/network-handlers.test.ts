import http from 'node:http';
import type net from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createNetworkDrivers, networkHandlers, type NetworkDrivers, type NetworkRuntime, type SshInstance, type StepContext } from '../../runtime/steps/index.ts';
import { stepContext } from '../support/step-context.ts';
import { generateKeyPair, publicKeyText, startSshServer, type KeyPair, type TestSshServer } from '../ssh/ssh-server.ts';

// The std.ssh.*, std.http.request and std.wait.until_* handlers on the real
// drivers, against an SSH server and an HTTP server on loopback.
const units = suite('network step handlers');

const INSTANCE: SshInstance = { key: 'edge/web[0]', infrastructure: 'edge', hostname: 'web-0', ipv4: '10.0.0.5' };
const TARGET = { index: 0, hostname: 'web-0', ipv4: '10.0.0.5', ipv6: '', server: { id: 'srv-0001', serial: 'S1', type: 'M', rack: 'r1' }, vars: {} };

let client: KeyPair;
let hostKey: KeyPair;
let server: TestSshServer;
let drivers: NetworkDrivers;
let web: http.Server;
let webUrl: string;
let hits = 0;

units.before(async () => {
  client = generateKeyPair('client');
  hostKey = generateKeyPair('host');
  server = await startSshServer({ hostKey, authorizedKeys: [client.public] });
  drivers = createNetworkDrivers({ agentSocket: null });
  web = http.createServer((req, res) => {
    hits++;
    if (req.url === '/later' && hits < 3) return void res.writeHead(503).end('not yet');
    if (req.url === '/fail') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('nope');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, method: req.method }));
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', () => resolve()));
  webUrl = `http://127.0.0.1:${(web.address() as net.AddressInfo).port}`;
});
units.after(async () => {
  await drivers.close();
  await server.close();
  await new Promise<void>((resolve) => web.close(() => resolve()));
});

function runtimeWith(pinned: string | undefined): NetworkRuntime {
  return {
    ...drivers,
    instanceOf: (t) => ((t as { server?: { id?: string } }).server?.id === 'srv-0001' ? INSTANCE : undefined),
    endpointOf: () => ({ host: server.host, port: server.port }),
    pinnedHostKey: () => pinned,
    credentialFor: () => ({ privateKey: client.private }),
  };
}

type Handlers = ReturnType<typeof networkHandlers>;
const call = async (h: Handlers, kind: string, args: Parameters<Handlers[string]>[0], ctx: StepContext) => (await h[kind]!(args, ctx)) as Record<string, unknown>;

const context = (kind: string, lines: string[] = []): StepContext => stepContext(kind, { lines, secrets: ['hunter22secret'] });

units('std.ssh.exec reaches an instance at its endpoint, trusting its pinned key', async () => {
  const h = networkHandlers(runtimeWith(publicKeyText(hostKey)));
  const lines: string[] = [];
  const out = await call(h, 'std.ssh.exec', { target: TARGET, command: 'echo "$GREETING"; echo hunter22secret >&2', env: { GREETING: 'hi there' }, user: 'root', port: 22, allowed_exit_codes: [0] }, context('std.ssh.exec', lines));
  assert.equal(out, { exit_code: 0, stdout: 'hi there\n', stderr: '***\n' });
  assert.ok(lines.includes('stdout: hi there'), lines.join('\n'));
});

units('std.ssh.exec fails on an exit code it does not allow', async () => {
  const h = networkHandlers(runtimeWith(publicKeyText(hostKey)));
  try {
    await call(h, 'std.ssh.exec', { target: TARGET, command: 'exit 3', allowed_exit_codes: [0, 1] }, context('std.ssh.exec'));
    assert.unreachable('exit 3 is not allowed');
  } catch (error) {
    assert.match(String((error as Error).message), /3/);
  }
});

units('a host that is not an instance needs its key: host_key on the step', async () => {
  const h = networkHandlers(runtimeWith(undefined));
  const out = await call(h, 'std.ssh.exec', { target: server.host, port: server.port, command: 'echo ok', host_key: publicKeyText(hostKey) }, context('std.ssh.exec'));
  assert.is(out['stdout'], 'ok\n');
});

units('std.wait.until_ssh refuses a changed host key at once instead of waiting', async () => {
  const other = generateKeyPair('other');
  const h = networkHandlers(runtimeWith(publicKeyText(other)));
  const started = Date.now();
  try {
    await call(h, 'std.wait.until_ssh', { target: TARGET, interval: 50, timeout: 60_000 }, context('std.wait.until_ssh'));
    assert.unreachable('the key changed');
  } catch (error) {
    assert.match((error as Error).message, /CHANGED[\s\S]*--accept-host-key SHA256:/);
  }
  assert.ok(Date.now() - started < 10_000, 'it did not wait out the timeout');
});

units('std.http.request returns status, headers, body and parsed JSON', async () => {
  const h = networkHandlers(runtimeWith(undefined));
  const out = await call(h, 'std.http.request', { url: `${webUrl}/hook`, method: 'POST', json: { a: 1 }, headers: {}, timeout: 5_000 }, context('std.http.request'));
  assert.is(out['status'], 200);
  assert.equal(out['json'], { path: '/hook', method: 'POST' });
  assert.match(String((out['headers'] as Record<string, string>)['content-type']), /json/);
});

units('std.http.request fails outside expect_status (default any 2xx)', async () => {
  const h = networkHandlers(runtimeWith(undefined));
  try {
    await call(h, 'std.http.request', { url: `${webUrl}/fail`, method: 'GET', headers: {}, timeout: 5_000 }, context('std.http.request'));
    assert.unreachable('404 is not 2xx');
  } catch (error) {
    assert.match((error as Error).message, /404/);
  }
});

units('std.wait.until_http polls until the expected status', async () => {
  hits = 0;
  const h = networkHandlers(runtimeWith(undefined));
  const out = await call(h, 'std.wait.until_http', { url: `${webUrl}/later`, expect_status: [200], interval: 20, timeout: 10_000 }, context('std.wait.until_http'));
  assert.is(out['status'], 200);
  assert.is(out['attempts'], 3);
});

units.run();
