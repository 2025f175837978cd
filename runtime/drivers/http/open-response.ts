import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { abortReason } from '../../clock/index.ts';
import type { HttpMethod } from '../http.ts';
import type { CookieJar } from './cookie-jar.ts';

export interface OpenRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** Extra certificate authorities (PEM) trusted besides the system ones. */
  readonly ca?: string;
}

export interface OpenOptions {
  readonly followRedirects: boolean;
  readonly maxRedirects: number;
  readonly jar?: CookieJar;
}

export interface OpenedResponse {
  readonly response: IncomingMessage;
  /** The URL that answered, after redirects. */
  readonly url: URL;
}

/** Thrown (and classified by the caller) when redirects do not end. */
export class TooManyRedirects extends Error {
  override readonly name = 'TooManyRedirects';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Sends a request and resolves with the response head, the body still
 * unread, following redirects as a browser does: 303 (and 301/302 after a
 * POST) turn into a GET without body; credentials are not carried to
 * another origin. Cookies of every hop go through `jar`. Rejects with
 * Node's own network errors, or `signal.reason` once aborted.
 */
export async function openResponse(request: OpenRequest, options: OpenOptions, signal: AbortSignal): Promise<OpenedResponse> {
  let current = request;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { ...current.headers };
    const cookie = options.jar?.header(current.url);
    if (cookie !== undefined) {
      const own = Object.keys(headers).find((h) => h.toLowerCase() === 'cookie');
      if (own === undefined) headers.cookie = cookie;
      else headers[own] = `${headers[own]}; ${cookie}`;
    }
    const response = await sendOnce({ ...current, headers }, signal);
    const setCookie = response.headers['set-cookie'];
    if (setCookie !== undefined) options.jar?.store(current.url, setCookie);
    const location = response.headers.location;
    if (!options.followRedirects || !REDIRECTS.has(response.statusCode ?? 0) || location === undefined) {
      return { response, url: current.url };
    }
    response.resume();
    if (hop >= options.maxRedirects) throw new TooManyRedirects(`more than ${options.maxRedirects} redirects`);
    current = redirected(current, response.statusCode ?? 0, new URL(location, current.url));
  }
}

function redirected(previous: OpenRequest, status: number, next: URL): OpenRequest {
  const toGet = status === 303 ? previous.method !== 'HEAD' : (status === 301 || status === 302) && previous.method === 'POST';
  const sameOrigin = next.origin === previous.url.origin;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(previous.headers)) {
    const lower = name.toLowerCase();
    if (!sameOrigin && (lower === 'authorization' || lower === 'cookie' || lower === 'proxy-authorization')) continue;
    if (toGet && (lower === 'content-type' || lower === 'content-length')) continue;
    headers[name] = value;
  }
  const { body: _dropped, ...rest } = previous;
  return toGet ? { ...rest, method: 'GET', url: next, headers } : { ...previous, url: next, headers };
}

function sendOnce(request: OpenRequest, signal: AbortSignal): Promise<IncomingMessage> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const secure = request.url.protocol === 'https:';
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = request.body.length;
    const options: https.RequestOptions = {
      method: request.method,
      headers,
      // One connection per request: requests are rare, and no socket outlives a run.
      agent: false,
      ...(secure && request.ca !== undefined ? { ca: [...tls.rootCertificates, request.ca] } : {}),
    };
    const req = (secure ? https : http).request(request.url, options);
    const onAbort = (): void => {
      req.destroy();
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('response', (response) => {
      signal.removeEventListener('abort', onAbort);
      // The body reader takes over aborting from here.
      resolve(response);
    });
    req.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    req.end(request.body);
  });
}
