import { createHmac } from 'node:crypto';
import { parseHostKey, type PublicHostKey } from './host-key.ts';

/** One usable line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  readonly patterns: string;
  readonly key: PublicHostKey;
  readonly revoked: boolean;
  readonly file: string;
  readonly line: number;
}

/**
 * Parses known_hosts text: plain, wildcard (`*.lab`, `10.0.?.1`), negated
 * (`!bastion`) and hashed (`|1|salt|hash`) host patterns, `[host]:port`
 * for ports other than 22, and `@revoked` lines. `@cert-authority` lines
 * are skipped: host certificates are not supported.
 */
export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      if (fields[0] !== '@revoked') return;
      revoked = true;
      fields = fields.slice(1);
    }
    const [patterns, type, data] = fields;
    if (patterns === undefined || type === undefined || data === undefined) return;
    const key = parseHostKey(`${type} ${data}`);
    if (key !== undefined) out.push({ patterns, key, revoked, file, line: index + 1 });
  });
  return out;
}

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether an entry's host patterns name `host:port`. */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostName(host, port).toLowerCase();
  if (entry.patterns.startsWith('|1|')) return hashedMatches(entry.patterns, name);
  let matched = false;
  for (const pattern of entry.patterns.toLowerCase().split(',')) {
    const negated = pattern.startsWith('!');
    if (wildcardMatches(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

function wildcardMatches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}
