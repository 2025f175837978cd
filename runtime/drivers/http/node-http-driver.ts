import type { IncomingHttpHeaders } from 'node:http';
import { systemClock, type Clock } from '../../clock/index.ts';
import { retryDelay, type RetryPolicy } from '../../executor/index.ts';
import { chainMaskers, createMasker, type Masker } from '../../secrets/index.ts';
import { DriverError } from '../errors.ts';
import type { HttpDriver, HttpRequest, HttpResponse } from '../http.ts';
import { withTimeout } from '../with-timeout.ts';
import { neverReachedServer, requestFailure } from './classify.ts';
import { CookieJar } from './cookie-jar.ts';
import { openResponse } from './open-response.ts';
import { readBounded } from './read-body.ts';

export const HTTP_DRIVER = 'http/node';

/** Retries of 5xx answers and refused connections, inside one call's time limit. */
export const DEFAULT_HTTP_RETRY: RetryPolicy = { attempts: 3, backoffMs: 500, maxBackoffMs: 10_000 };
/** Response bodies longer than this are cut (and say so). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 10;
const ERROR_BODY_CHARS = 300;

export interface NodeHttpDriverOptions {
  readonly clock?: Clock;
  /** The deployment's cookie jar; the driver makes its own when left out (one driver per deployment). */
  readonly cookies?: CookieJar;
  readonly retry?: RetryPolicy;
  readonly maxBodyBytes?: number;
  readonly userAgent?: string;
  /** Secret values masked in every response and error of this driver. */
  readonly secrets?: Iterable<string>;
}

/** What `std.http.request` needs beyond the HttpDriver contract; every field optional. */
export interface NodeHttpRequest extends HttpRequest {
  /** Body encoded as JSON; sets `Content-Type: application/json` unless a header says otherwise. */
  readonly json?: unknown;
  /** Status codes that count as success; any other rejects with a `device-error`. Unset: every status is a response. */
  readonly expectStatus?: readonly number[];
  /** PEM of certificate authorities trusted besides the system ones. */
  readonly ca?: string;
  /** Default true, at most 10 hops. */
  readonly followRedirects?: boolean;
  readonly retry?: RetryPolicy;
  readonly maxBodyBytes?: number;
  /** Secret values of this request (a token in a header...), masked in the response and in errors. */
  readonly secrets?: readonly string[];
  /** The run's compiled masker (every secret it has seen), used as it is: cheaper than passing them all in `secrets`. */
  readonly masker?: Masker;
}

export interface NodeHttpResponse extends HttpResponse {
  /** The URL that answered, after redirects (masked). */
  readonly url: string;
  readonly attempts: number;
  /** The body was longer than the limit and ends with a note saying so. */
  readonly truncated: boolean;
}

/**
 * The real HttpDriver (node:http / node:https): TLS verified against the
 * system CAs plus an optional pinned CA, a cookie jar shared by the
 * deployment, retries with backoff on 5xx and refused connections, bounded
 * bodies, and secrets masked in everything it returns or throws.
 */
export class NodeHttpDriver implements HttpDriver {
  readonly cookies: CookieJar;
  private readonly clock: Clock;
  private readonly options: NodeHttpDriverOptions;
  private readonly masker: Masker;

  constructor(options: NodeHttpDriverOptions = {}) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.cookies = options.cookies ?? new CookieJar({ clock: this.clock });
    this.masker = createMasker(options.secrets ?? []);
  }

  async request(request: NodeHttpRequest, signal: AbortSignal): Promise<NodeHttpResponse> {
    const mine = this.masker.with(request.secrets ?? []);
    const masker = request.masker === undefined ? mine : chainMaskers(request.masker, mine);
    const url = parseUrl(request.url, masker);
    const target = url.origin;
    const what = `${request.method} ${masker.mask(displayUrl(url))}`;
    try {
      return await withTimeout(this.clock, request.timeoutMs, signal, { driver: HTTP_DRIVER, target, what }, (inner) =>
        this.withRetries(request, url, what, masker, inner),
      );
    } catch (error) {
      throw masker.maskError(error);
    }
  }

  private async withRetries(request: NodeHttpRequest, url: URL, what: string, masker: Masker, signal: AbortSignal): Promise<NodeHttpResponse> {
    const policy = request.retry ?? this.options.retry ?? DEFAULT_HTTP_RETRY;
    const expect = request.expectStatus;
    for (let attempt = 1; ; attempt++) {
      let outcome: { response: NodeHttpResponse } | { error: unknown };
      try {
        outcome = { response: await this.attempt(request, url, attempt, masker, signal) };
      } catch (error) {
        if (signal.aborted) throw error;
        outcome = { error };
      }
      const last = attempt >= policy.attempts;
      if ('error' in outcome) {
        if (last || !neverReachedServer(outcome.error)) throw requestFailure(outcome.error, { driver: HTTP_DRIVER, target: url.origin, what });
        await this.clock.sleep(retryDelay(policy, attempt), signal);
        continue;
      }
      const { response } = outcome;
      const transient = response.status >= 500 && !(expect ?? []).includes(response.status);
      if (transient && !last) {
        await this.clock.sleep(Math.max(retryDelay(policy, attempt), retryAfterMs(response.headers, policy)), signal);
        continue;
      }
      if (expect !== undefined && !expect.includes(response.status)) {
        throw new DriverError({
          code: 'device-error',
          driver: HTTP_DRIVER,
          target: url.origin,
          retryable: response.status >= 500 || response.status === 429,
          message: `${what} answered ${response.status}, expected ${expect.join(' or ')}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}${bodyExcerpt(response.body)}`,
        });
      }
      return response;
    }
  }

  private async attempt(request: NodeHttpRequest, url: URL, attempt: number, masker: Masker, signal: AbortSignal): Promise<NodeHttpResponse> {
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    const has = (name: string): boolean => Object.keys(headers).some((h) => h.toLowerCase() === name);
    let body: Buffer | undefined;
    if (request.json !== undefined) {
      body = Buffer.from(JSON.stringify(request.json), 'utf8');
      if (!has('content-type')) headers['content-type'] = 'application/json';
    } else if (request.body !== undefined) {
      body = Buffer.from(request.body, 'utf8');
    }
    if (!has('user-agent')) headers['user-agent'] = this.options.userAgent ?? 'mbp';
    const opened = await openResponse(
      { method: request.method, url, headers, ...(body !== undefined ? { body } : {}), ...(request.ca !== undefined ? { ca: request.ca } : {}) },
      { followRedirects: request.followRedirects ?? true, maxRedirects: MAX_REDIRECTS, jar: this.cookies },
      signal,
    );
    const max = request.maxBodyBytes ?? this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const read = request.method === 'HEAD' ? { bytes: Buffer.alloc(0), received: 0, truncated: false } : await readBounded(opened.response, max, signal);
    let text = read.bytes.toString('utf8');
    if (read.truncated) text += `\n[mbp: body truncated: only the first ${max} bytes were read]`;
    return {
      status: opened.response.statusCode ?? 0,
      headers: masker.maskJson(flattenHeaders(opened.response.headers)),
      body: masker.mask(text),
      url: masker.mask(displayUrl(opened.url)),
      attempts: attempt,
      truncated: read.truncated,
    };
  }
}

/** Header names lower-cased; repeated headers joined with ", " (Set-Cookie lines with "\n": their dates hold commas). */
function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return out;
}

function retryAfterMs(headers: Readonly<Record<string, string>>, policy: RetryPolicy): number {
  const value = headers['retry-after'];
  if (value === undefined || !/^\d+$/.test(value.trim())) return 0;
  return Math.min(Number(value.trim()) * 1000, policy.maxBackoffMs ?? Infinity);
}

function bodyExcerpt(body: string): string {
  const text = body.trim();
  if (text === '') return '';
  return `; body: ${JSON.stringify(text.length > ERROR_BODY_CHARS ? `${text.slice(0, ERROR_BODY_CHARS)}…` : text)}`;
}

/** The URL without its user:password part. */
export function displayUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

function parseUrl(text: string, masker: Masker): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DriverError({ code: 'invalid-argument', driver: HTTP_DRIVER, target: masker.mask(text), message: `"${masker.mask(text)}" is not an absolute URL` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DriverError({
      code: 'invalid-argument',
      driver: HTTP_DRIVER,
      target: url.origin,
      message: `${masker.mask(displayUrl(url))}: only http and https URLs are supported`,
    });
  }
  return url;
}
