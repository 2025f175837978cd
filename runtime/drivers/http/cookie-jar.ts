import { isIP } from 'node:net';
import { systemClock, type Clock } from '../../clock/index.ts';

/** A cookie as the jar keeps it (RFC 6265 storage model, simplified). */
export interface StoredCookie {
  readonly name: string;
  readonly value: string;
  /** Lower-case host or domain. */
  readonly domain: string;
  /** Sent only to `domain` itself, not to its subdomains (no Domain attribute). */
  readonly hostOnly: boolean;
  readonly path: string;
  readonly secure: boolean;
  /** Milliseconds on the jar's clock; absent for a session cookie. */
  readonly expiresAt?: number;
  readonly created: number;
}

/**
 * The cookies of one deployment: a login request's `Set-Cookie` authorises
 * the later requests to the same host. One jar per deployment, shared by
 * every `std.http.request` of it, in memory only (never journaled: session
 * cookies are credentials).
 */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();
  private readonly clock: Clock;
  private seq = 0;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Takes the `Set-Cookie` header values of a response to `url`; invalid ones are dropped as a browser would. */
  store(url: URL, setCookie: readonly string[]): void {
    for (const line of setCookie) {
      const cookie = this.parse(url, line);
      if (cookie === undefined) continue;
      const key = `${cookie.domain}\u0000${cookie.path}\u0000${cookie.name}`;
      const previous = this.cookies.get(key);
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= this.clock.now()) {
        this.cookies.delete(key);
        continue;
      }
      this.cookies.set(key, previous === undefined ? cookie : { ...cookie, created: previous.created });
    }
  }

  /** The `Cookie` header value for a request to `url`, or undefined when no cookie applies. */
  header(url: URL): string | undefined {
    const now = this.clock.now();
    const host = url.hostname.toLowerCase();
    const matching: StoredCookie[] = [];
    for (const [key, cookie] of this.cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) {
        this.cookies.delete(key);
        continue;
      }
      if (cookie.hostOnly ? host !== cookie.domain : !domainMatches(host, cookie.domain)) continue;
      if (!pathMatches(url.pathname || '/', cookie.path)) continue;
      if (cookie.secure && url.protocol !== 'https:') continue;
      matching.push(cookie);
    }
    if (matching.length === 0) return undefined;
    matching.sort((a, b) => b.path.length - a.path.length || a.created - b.created);
    return matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** Every live cookie, for inspection. */
  list(): readonly StoredCookie[] {
    const now = this.clock.now();
    return [...this.cookies.values()].filter((c) => c.expiresAt === undefined || c.expiresAt > now);
  }

  private parse(url: URL, line: string): StoredCookie | undefined {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (name === '') return undefined;
    const host = url.hostname.toLowerCase();
    let domain = host;
    let hostOnly = true;
    let path: string | undefined;
    let secure = false;
    let maxAge: number | undefined;
    let expires: number | undefined;
    for (const attribute of attributes) {
      const at = attribute.indexOf('=');
      const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      const val = at < 0 ? '' : attribute.slice(at + 1).trim();
      if (key === 'domain' && val !== '') {
        const wanted = val.replace(/^\./, '').toLowerCase();
        // A host may only set cookies for itself or a parent domain, never for an IP it is not.
        if (!domainMatches(host, wanted)) return undefined;
        domain = wanted;
        hostOnly = false;
      } else if (key === 'path' && val.startsWith('/')) {
        path = val;
      } else if (key === 'secure') {
        secure = true;
      } else if (key === 'max-age' && /^-?\d+$/.test(val)) {
        maxAge = Number(val);
      } else if (key === 'expires') {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) expires = t;
      }
    }
    const now = this.clock.now();
    // Max-Age wins over Expires; Expires is wall-clock time, so it is turned into a lifetime first.
    const expiresAt = maxAge !== undefined ? now + maxAge * 1000 : expires !== undefined ? now + (expires - Date.now()) : undefined;
    return {
      name,
      value,
      domain,
      hostOnly,
      path: path ?? defaultPath(url.pathname),
      secure,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      created: this.seq++,
    };
  }
}

function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return isIP(host) === 0 && host.endsWith(`.${domain}`);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** RFC 6265 5.1.4: the directory of the request path. */
function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) return '/';
  const last = requestPath.lastIndexOf('/');
  return last <= 0 ? '/' : requestPath.slice(0, last);
}
