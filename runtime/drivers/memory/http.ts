import { systemClock, type Clock } from '../../clock/index.ts';
import { DriverError } from '../errors.ts';
import type { HttpDriver, HttpMethod, HttpRequest, HttpResponse } from '../http.ts';
import { withTimeout } from '../with-timeout.ts';

const DRIVER = 'http/memory';

export interface ServedRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** Path and query, e.g. "/hooks?x=1". */
  readonly path: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface ServedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type HttpHandler = (request: ServedRequest, signal: AbortSignal) => Promise<ServedResponse> | ServedResponse;

/** An in-memory HttpDriver for tests: origins are served by handler functions. */
export class MemoryHttpDriver implements HttpDriver {
  private readonly handlers = new Map<string, HttpHandler>();
  private readonly clock: Clock;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Serves `origin` (e.g. "http://hooks.test") with `handler`, replacing any earlier one. */
  serve(origin: string, handler: HttpHandler): void {
    this.handlers.set(new URL(origin).origin, handler);
  }

  async request(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    signal.throwIfAborted();
    const url = parseUrl(request.url);
    const handler = this.handlers.get(url.origin);
    if (handler === undefined) {
      throw new DriverError({ code: 'unreachable', driver: DRIVER, target: url.origin, message: `cannot connect to ${url.origin}: connection refused` });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    const served: ServedRequest = { method: request.method, url: url.href, path: url.pathname + url.search, headers, body: request.body ?? '' };
    const what = `${request.method} ${url.href}`;
    const response = await withTimeout(this.clock, request.timeoutMs, signal, { driver: DRIVER, target: url.origin, what }, async (inner) =>
      handler(served, inner),
    );
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) out[name.toLowerCase()] = value;
    return { status: response.status, headers: out, body: request.method === 'HEAD' ? '' : response.body ?? '' };
  }
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new DriverError({ code: 'invalid-argument', driver: DRIVER, target: text, message: `"${text}" is not an absolute URL` });
  }
}
