import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { CookieJar, NodeHttpDriver } from '../../runtime/drivers/http/index.ts';
import { startServer, type LocalServer } from './local-server.ts';

const live = (): AbortSignal => new AbortController().signal;

let server: LocalServer | undefined;
test.after.each(async () => {
  await server?.close();
  server = undefined;
});

/** A login endpoint that sets a session cookie, and an API that wants it. */
async function loginApi(): Promise<LocalServer> {
  return startServer((req, body, res) => {
    if (req.url === '/login' && body === 'user=ops&password=pw') {
      res.setHeader('Set-Cookie', ['session=s3ss10n; Path=/; HttpOnly', 'theme=dark; Path=/ui']);
      res.end('welcome');
    } else if (req.url === '/api/servers') {
      const ok = req.headers.cookie === 'session=s3ss10n';
      res.statusCode = ok ? 200 : 401;
      res.end(ok ? '["srv-1"]' : `no session (cookie: ${req.headers.cookie ?? 'none'})`);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
}

test('a login step\'s Set-Cookie authorises the next step to the same host', async () => {
  server = await loginApi();
  const driver = new NodeHttpDriver();
  const anonymous = await driver.request({ method: 'GET', url: `${server.url}/api/servers`, timeoutMs: 5_000 }, live());
  assert.is(anonymous.status, 401);
  const login = await driver.request({ method: 'POST', url: `${server.url}/login`, body: 'user=ops&password=pw', timeoutMs: 5_000 }, live());
  assert.is(login.status, 200);
  assert.match(login.headers['set-cookie'] ?? '', 'session=s3ss10n');
  const api = await driver.request({ method: 'GET', url: `${server.url}/api/servers`, expectStatus: [200], timeoutMs: 5_000 }, live());
  assert.is(api.body, '["srv-1"]');
});

test('two drivers sharing a jar share the session; a driver with its own jar does not', async () => {
  server = await loginApi();
  const jar = new CookieJar();
  await new NodeHttpDriver({ cookies: jar }).request({ method: 'POST', url: `${server.url}/login`, body: 'user=ops&password=pw', timeoutMs: 5_000 }, live());
  const shared = await new NodeHttpDriver({ cookies: jar }).request({ method: 'GET', url: `${server.url}/api/servers`, timeoutMs: 5_000 }, live());
  assert.is(shared.status, 200);
  const other = await new NodeHttpDriver().request({ method: 'GET', url: `${server.url}/api/servers`, timeoutMs: 5_000 }, live());
  assert.is(other.status, 401);
});

test('the jar keeps cookies to their host, path, scheme and lifetime', async () => {
  const clock = new ManualClock(1_000);
  const jar = new CookieJar({ clock });
  const at = (url: string): string | undefined => jar.header(new URL(url));
  jar.store(new URL('https://api.example.com/v1/login'), [
    'a=1',
    'b=2; Path=/',
    'c=3; Domain=example.com; Path=/',
    'd=4; Secure; Path=/',
    'e=5; Max-Age=60; Path=/',
    'evil=1; Domain=other.com',
    'bad',
  ]);
  assert.is(at('https://api.example.com/v1/x'), 'a=1; b=2; c=3; d=4; e=5');
  assert.is(at('https://api.example.com/v2'), 'b=2; c=3; d=4; e=5', 'a is scoped to /v1');
  assert.is(at('http://api.example.com/'), 'b=2; c=3; e=5', 'secure cookies need https');
  assert.is(at('https://www.example.com/'), 'c=3', 'only the Domain cookie reaches a sibling host');
  assert.is(at('https://other.com/'), undefined);
  await clock.advance(61_000);
  assert.is(at('https://api.example.com/'), 'b=2; c=3; d=4');
  jar.store(new URL('https://api.example.com/'), ['b=gone; Max-Age=0; Path=/', 'c=new; Domain=example.com; Path=/']);
  assert.is(at('https://api.example.com/'), 'c=new; d=4');
});

test('an IP host cannot set a cookie for a domain', () => {
  const jar = new CookieJar();
  jar.store(new URL('http://127.0.0.1/'), ['x=1; Domain=0.0.1', 'y=2']);
  assert.is(jar.header(new URL('http://127.0.0.1/')), 'y=2');
  assert.is(jar.list().length, 1);
});

test.run();
