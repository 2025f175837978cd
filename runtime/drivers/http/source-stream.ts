import type { Readable } from 'node:stream';
import { DriverError } from '../errors.ts';
import { requestFailure } from './classify.ts';
import { openResponse } from './open-response.ts';
import { displayUrl, HTTP_DRIVER } from './node-http-driver.ts';

export interface SourceStream {
  /** The body, not yet read: the caller pipes it on without holding it whole. */
  readonly body: Readable;
  /** From Content-Length, when the server sent one. */
  readonly length?: number;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

/**
 * Opens a download (an `std.ssh.copy` source) as a stream: GET with
 * redirects followed, TLS verified (plus an optional pinned CA), any
 * status but 2xx an error. No retries here: the copy is retried whole.
 */
export async function openSourceStream(
  source: { readonly url: string; readonly ca?: string; readonly headers?: Readonly<Record<string, string>> },
  signal: AbortSignal,
): Promise<SourceStream> {
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw new DriverError({ code: 'invalid-argument', driver: HTTP_DRIVER, target: source.url, message: `"${source.url}" is not an absolute URL` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DriverError({ code: 'invalid-argument', driver: HTTP_DRIVER, target: url.origin, message: `${displayUrl(url)}: only http and https sources are supported` });
  }
  const what = `GET ${displayUrl(url)}`;
  let opened;
  try {
    opened = await openResponse(
      { method: 'GET', url, headers: { 'user-agent': 'mbp', ...(source.headers ?? {}) }, ...(source.ca !== undefined ? { ca: source.ca } : {}) },
      { followRedirects: true, maxRedirects: 10 },
      signal,
    );
  } catch (error) {
    if (signal.aborted) throw error;
    throw requestFailure(error, { driver: HTTP_DRIVER, target: url.origin, what });
  }
  const status = opened.response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    opened.response.resume();
    throw new DriverError({
      code: status >= 500 ? 'device-error' : 'invalid-argument',
      driver: HTTP_DRIVER,
      target: url.origin,
      message: `${what} answered ${status}; the copy source must answer 2xx`,
    });
  }
  const header = opened.response.headers['content-length'];
  const length = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
  return { body: opened.response, url: displayUrl(opened.url), ...(length !== undefined ? { length } : {}) };
}
