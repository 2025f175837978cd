import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { HttpDriver, HttpMethod } from '../http.ts';
import { abortedSignal, live, rejectsWithAbort, rejectsWithDriverError } from './expect.ts';
import { fixtureSuite, type FixtureContext } from './fixture-suite.ts';

export interface ReceivedRequest {
  readonly method: HttpMethod;
  /** Path and query. */
  readonly path: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface TestResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type TestHandler = (request: ReceivedRequest, signal: AbortSignal) => Promise<TestResponse>;

export interface HttpFixture {
  readonly driver: HttpDriver;
  /** Serves `handler` somewhere the driver can reach; returns its base URL (no trailing slash). */
  serve(handler: TestHandler): Promise<string>;
  /** A URL nothing answers on. */
  readonly unreachableUrl: string;
  dispose?(): Promise<void>;
}

/** The behaviour every HttpDriver must have; returns a uvu suite to `.run()`. */
export function httpConformance(name: string, factory: () => Promise<HttpFixture>): Test<FixtureContext<HttpFixture>> {
  const { test, use } = fixtureSuite(`http conformance: ${name}`, factory);

  test('a request carries method, headers and body; the response comes back', async (ctx) => {
    const f = use(ctx);
    let seen: ReceivedRequest | undefined;
    const base = await f.serve(async (request) => {
      seen = request;
      return { status: 201, headers: { 'X-Reply': 'yes', 'Content-Type': 'application/json' }, body: '{"ok":true}' };
    });
    const response = await f.driver.request(
      { method: 'POST', url: `${base}/hooks/deployed?run=7`, headers: { 'X-Token': 't0k', 'Content-Type': 'application/json' }, body: '{"a":1}', timeoutMs: 5_000 },
      live(),
    );
    assert.is(seen?.method, 'POST');
    assert.is(seen?.path, '/hooks/deployed?run=7');
    assert.is(seen?.headers['x-token'], 't0k');
    assert.is(seen?.body, '{"a":1}');
    assert.is(response.status, 201);
    assert.is(response.headers['x-reply'], 'yes');
    assert.is(response.body, '{"ok":true}');
  });

  test('an error status is a response, not a failure', async (ctx) => {
    const f = use(ctx);
    const base = await f.serve(async () => ({ status: 503, body: 'busy' }));
    const response = await f.driver.request({ method: 'GET', url: `${base}/x`, timeoutMs: 5_000 }, live());
    assert.is(response.status, 503);
    assert.is(response.body, 'busy');
  });

  test('a slow server fails with timeout', async (ctx) => {
    const f = use(ctx);
    const base = await f.serve(
      (_request, signal) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => resolve({ status: 200 }), 5_000);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve({ status: 499 });
          });
        }),
    );
    await rejectsWithDriverError(f.driver.request({ method: 'GET', url: `${base}/slow`, timeoutMs: 150 }, live()), 'timeout');
  });

  test('an aborted request rejects with AbortError', async (ctx) => {
    const f = use(ctx);
    const base = await f.serve(async () => ({ status: 200 }));
    await rejectsWithAbort(f.driver.request({ method: 'GET', url: `${base}/x`, timeoutMs: 5_000 }, abortedSignal()));
  });

  test('an unreachable server fails with unreachable', async (ctx) => {
    const f = use(ctx);
    await rejectsWithDriverError(f.driver.request({ method: 'GET', url: f.unreachableUrl, timeoutMs: 5_000 }, live()), 'unreachable');
  });

  return test;
}
