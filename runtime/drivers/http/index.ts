// The real HttpDriver (node:http/https): pinned CAs, a per-deployment cookie jar, retries on 5xx and refused connections, bounded bodies, masked secrets.
export {
  NodeHttpDriver,
  HTTP_DRIVER,
  DEFAULT_HTTP_RETRY,
  DEFAULT_MAX_BODY_BYTES,
  displayUrl,
  type NodeHttpDriverOptions,
  type NodeHttpRequest,
  type NodeHttpResponse,
} from './node-http-driver.ts';
export { CookieJar, type StoredCookie } from './cookie-jar.ts';
export { openSourceStream, type SourceStream } from './source-stream.ts';
