import type { Value } from '../../stdlib/index.ts';
import type { HttpMethod } from '../drivers/index.ts';
import type { NetworkRuntime } from './network-runtime.ts';
import { stringMap } from './ssh.ts';
import { stringArg } from './step-args.ts';
import type { RuntimeStepHandler } from './types.ts';
import { maskingOf } from './step-masking.ts';

const ANY_2XX: readonly number[] = Array.from({ length: 100 }, (_, i) => 200 + i);

/** `std.http.request`: one request through the run's driver (its cookie jar is the deployment's). */
export function httpRequest(net: NetworkRuntime): RuntimeStepHandler {
  return async (args, ctx) => {
    const url = stringArg(args, 'url', ctx);
    const method = (typeof args['method'] === 'string' ? args['method'] : 'GET').toUpperCase() as HttpMethod;
    const expect = Array.isArray(args['expect_status']) ? (args['expect_status'] as Value[]).filter((c): c is number => typeof c === 'number') : ANY_2XX;
    const response = await net.http.request(
      {
        url,
        method,
        headers: stringMap(args['headers']),
        timeoutMs: typeof args['timeout'] === 'number' ? args['timeout'] : 30_000,
        expectStatus: expect,
        ...maskingOf(ctx),
        ...(typeof args['body'] === 'string' ? { body: args['body'] } : {}),
        ...(args['json'] !== undefined && args['json'] !== null ? { json: args['json'] } : {}),
        ...(typeof args['ca'] === 'string' ? { ca: args['ca'] } : {}),
        ...(typeof args['follow_redirects'] === 'boolean' ? { followRedirects: args['follow_redirects'] } : {}),
      },
      ctx.signal,
    );
    ctx.log(`${method} answered ${response.status}`);
    return { status: response.status, headers: { ...response.headers }, body: response.body, json: jsonBody(response.headers['content-type'], response.body) };
  };
}

/** The body as JSON when the response says it is JSON (and it parses), else null. */
export function jsonBody(contentType: string | undefined, body: string): Value {
  if (contentType === undefined || !/[/+]json\b/i.test(contentType)) return null;
  try {
    return JSON.parse(body) as Value;
  } catch {
    return null;
  }
}
