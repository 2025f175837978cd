import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectsWithDriverError } from '../../runtime/drivers/conformance/index.ts';
import { NodeHttpDriver } from '../../runtime/drivers/http/index.ts';
import { freePort, startServer, type LocalServer } from './local-server.ts';

const live = (): AbortSignal => new AbortController().signal;
const fast = { attempts: 4, backoffMs: 50, maxBackoffMs: 200 };

let servers: LocalServer[] = [];
test.after.each(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const serve = async (...args: Parameters<typeof startServer>): Promise<LocalServer> => {
  const s = await startServer(...args);
  servers.push(s);
  return s;
};

test('method, headers, JSON body and response headers travel both ways', async () => {
  let seen: { method?: string; type?: string; token?: string; body?: string } = {};
  const server = await serve((req, body, res) => {
    seen = { method: req.method, type: req.headers['content-type'], token: req.headers['x-token'] as string, body };
    res.setHeader('X-Reply', 'yes');
    res.statusCode = 202;
    res.end('accepted');
  });
  const driver = new NodeHttpDriver({ retry: fast });
  const response = await driver.request({ method: 'PUT', url: `${server.url}/things/1`, headers: { 'X-Token': 't' }, json: { a: [1, 2] }, timeoutMs: 5_000 }, live());
  assert.equal(seen, { method: 'PUT', type: 'application/json', token: 't', body: '{"a":[1,2]}' });
  assert.is(response.status, 202);
  assert.is(response.headers['x-reply'], 'yes');
  assert.is(response.body, 'accepted');
  assert.is(response.attempts, 1);
});

test('expected status codes: another status fails naming it and quoting the body; without a list any status is a response', async () => {
  const server = await serve((_req, _body, res) => {
    res.statusCode = 404;
    res.end('no such zone');
  });
  const driver = new NodeHttpDriver({ retry: fast });
  await rejectsWithDriverError(
    driver.request({ method: 'GET', url: `${server.url}/zone`, expectStatus: [200, 201], timeoutMs: 5_000 }, live()),
    'device-error',
    'answered 404, expected 200 or 201; body: "no such zone"',
  );
  assert.is((await driver.request({ method: 'GET', url: `${server.url}/zone`, timeoutMs: 5_000 }, live())).status, 404);
  assert.is((await driver.request({ method: 'GET', url: `${server.url}/zone`, expectStatus: [404], timeoutMs: 5_000 }, live())).status, 404);
  assert.is(server.hits(), 3, 'a 4xx is not retried');
});

test('a 5xx is retried with backoff until it succeeds', async () => {
  const server = await serve((_req, _body, res) => {
    res.statusCode = server.hits() < 3 ? 503 : 200;
    res.end(`attempt ${server.hits()}`);
  });
  const driver = new NodeHttpDriver({ retry: fast });
  const started = Date.now();
  const response = await driver.request({ method: 'POST', url: `${server.url}/deploy`, body: 'x', timeoutMs: 5_000 }, live());
  assert.is(response.status, 200);
  assert.is(response.body, 'attempt 3');
  assert.is(response.attempts, 3);
  assert.ok(Date.now() - started >= 50 + 100, 'waited the backoff between attempts');
});

test('a 5xx that lasts is returned after the last attempt, or fails when a status is expected', async () => {
  const server = await serve((_req, _body, res) => {
    res.statusCode = 500;
    res.end('down');
  });
  const driver = new NodeHttpDriver({ retry: { attempts: 3, backoffMs: 20 } });
  const response = await driver.request({ method: 'GET', url: `${server.url}/`, timeoutMs: 5_000 }, live());
  assert.is(response.status, 500);
  assert.is(server.hits(), 3);
  await rejectsWithDriverError(driver.request({ method: 'GET', url: `${server.url}/`, expectStatus: [200], timeoutMs: 5_000 }, live()), 'device-error', 'after 3 attempts');
});

test('a refused connection is retried, and succeeds once the server is up', async () => {
  const port = await freePort();
  const driver = new NodeHttpDriver({ retry: { attempts: 6, backoffMs: 100, maxBackoffMs: 200 } });
  setTimeout(() => {
    void serve((_req, _body, res) => res.end('up'), undefined, port);
  }, 250);
  const response = await driver.request({ method: 'GET', url: `http://127.0.0.1:${port}/health`, timeoutMs: 5_000 }, live());
  assert.is(response.body, 'up');
  assert.ok(response.attempts > 1, `attempts: ${response.attempts}`);
});

test('a refused connection that lasts fails as unreachable after the attempts', async () => {
  const port = await freePort();
  const driver = new NodeHttpDriver({ retry: { attempts: 2, backoffMs: 20 } });
  await rejectsWithDriverError(driver.request({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 5_000 }, live()), 'unreachable', 'connection refused');
});

test('the time limit covers retries and the wait for a slow server', async () => {
  const slow = await serve((_req, _body, res) => {
    setTimeout(() => res.end('late'), 2_000);
  });
  const driver = new NodeHttpDriver({ retry: fast });
  const started = Date.now();
  await rejectsWithDriverError(driver.request({ method: 'GET', url: `${slow.url}/`, timeoutMs: 200 }, live()), 'timeout', 'within 200 ms');
  assert.ok(Date.now() - started < 1_500);
  const failing = await serve((_req, _body, res) => {
    res.statusCode = 502;
    res.end();
  });
  const patient = new NodeHttpDriver({ retry: { attempts: 10, backoffMs: 300 } });
  await rejectsWithDriverError(patient.request({ method: 'GET', url: `${failing.url}/`, timeoutMs: 500 }, live()), 'timeout');
});

test('a large body is cut at the limit and says so', async () => {
  const server = await serve((_req, _body, res) => res.end('x'.repeat(200_000)));
  const driver = new NodeHttpDriver({ maxBodyBytes: 1_000 });
  const response = await driver.request({ method: 'GET', url: `${server.url}/big`, timeoutMs: 5_000 }, live());
  assert.ok(response.truncated);
  assert.ok(response.body.startsWith('x'.repeat(1_000) + '\n[mbp: body truncated'), response.body.slice(990, 1_060));
  const whole = await new NodeHttpDriver().request({ method: 'GET', url: `${server.url}/big`, timeoutMs: 5_000 }, live());
  assert.is(whole.body.length, 200_000);
  assert.not.ok(whole.truncated);
});

test('redirects are followed (303 turns a POST into a GET) unless turned off', async () => {
  const seen: string[] = [];
  const server = await serve((req, _body, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === '/start') {
      res.statusCode = 303;
      res.setHeader('Location', '/done');
      res.end();
    } else res.end('here');
  });
  const driver = new NodeHttpDriver();
  const response = await driver.request({ method: 'POST', url: `${server.url}/start`, body: 'b', timeoutMs: 5_000 }, live());
  assert.is(response.body, 'here');
  assert.is(response.url, `${server.url}/done`);
  assert.equal(seen, ['POST /start', 'GET /done']);
  const kept = await driver.request({ method: 'POST', url: `${server.url}/start`, followRedirects: false, timeoutMs: 5_000 }, live());
  assert.is(kept.status, 303);
});

test('a URL that is not http(s) is an invalid argument', async () => {
  await rejectsWithDriverError(new NodeHttpDriver().request({ method: 'GET', url: 'ftp://x/y', timeoutMs: 1_000 }, live()), 'invalid-argument', 'only http and https');
  await rejectsWithDriverError(new NodeHttpDriver().request({ method: 'GET', url: 'not a url', timeoutMs: 1_000 }, live()), 'invalid-argument');
});

test.run();
