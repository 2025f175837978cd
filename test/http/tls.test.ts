import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectsWithDriverError } from '../../runtime/drivers/conformance/index.ts';
import { NodeHttpDriver } from '../../runtime/drivers/http/index.ts';
import { makeTempDir } from '../support/index.ts';
import { selfSigned, startServer, type LocalServer, type SelfSigned } from './local-server.ts';

const live = (): AbortSignal => new AbortController().signal;

let server: LocalServer;
let cert: SelfSigned;
let other: SelfSigned;
const temp = makeTempDir();

test.before(async () => {
  cert = selfSigned(temp.path, 'server');
  other = selfSigned(temp.path, 'other');
  server = await startServer((_req, _body, res) => res.end('secure hello'), cert);
});
test.after(async () => {
  await server.close();
  temp.cleanup();
});

test('a self-signed server is refused by default, with how to trust it', async () => {
  const driver = new NodeHttpDriver({ retry: { attempts: 3, backoffMs: 10 } });
  await rejectsWithDriverError(driver.request({ method: 'GET', url: `${server.url}/`, timeoutMs: 5_000 }, live()), 'unreachable', 'pass the CA that signed it as `ca`');
  try {
    await driver.request({ method: 'GET', url: `${server.url}/`, timeoutMs: 5_000 }, live());
  } catch (error) {
    assert.is((error as { retryable?: boolean }).retryable, false, 'retrying cannot make a certificate trusted');
  }
  assert.is(server.hits(), 0, 'no request reached the handler');
});

test(`pinning the server's CA lets the request through (certificate from openssl or the fixture)`, async () => {
  const driver = new NodeHttpDriver();
  const response = await driver.request({ method: 'GET', url: `${server.url}/`, ca: cert.cert, timeoutMs: 5_000 }, live());
  assert.is(response.body, 'secure hello');
  assert.ok(cert.origin === 'openssl' || cert.origin === 'fixture');
});

test('pinning another CA does not', async () => {
  const driver = new NodeHttpDriver();
  await rejectsWithDriverError(driver.request({ method: 'GET', url: `${server.url}/`, ca: other.cert, timeoutMs: 5_000 }, live()), 'unreachable', 'not accepted');
});

test.run();
