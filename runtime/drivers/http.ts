/**
 * Outgoing HTTP requests (webhooks, external APIs). Any status is a
 * response; errors are for not getting one. Cookies are the caller's concern.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** Header names in any case; sent as given. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The driver's own limit; exceeding it rejects with DriverError code "timeout". */
  readonly timeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpDriver {
  request(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse>;
}
