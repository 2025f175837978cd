import { readFileSync } from 'node:fs';
import { algorithmsFor, fingerprint, formatHostKey, parseHostKey, sameKey, type PublicHostKey } from './host-key.ts';
import { entryMatches, knownHostName, parseKnownHosts, type KnownHostEntry } from './known-hosts.ts';

/** The host a key is checked for, and the key pinned for it, if any. */
export interface HostKeySubject {
  readonly host: string;
  readonly port: number;
  /**
   * `ssh-ed25519 AAAA...`: the key pinned in the inventory for a provisioned
   * instance, or the step's `host_key`. When set it is the only key trusted.
   */
  readonly pinned?: string;
}

export type HostKeyVerdict =
  | { readonly trusted: true; readonly via: 'pinned' | 'known-hosts' | 'accepted-fingerprint' }
  | { readonly trusted: false; readonly problem: 'unknown' | 'changed' | 'revoked'; readonly message: string };

/**
 * Decides whether a presented host key is trusted. Never trust on first
 * use: a key that is neither pinned, in a known hosts file, nor accepted
 * by fingerprint fails, with a message saying how to accept it.
 */
export interface HostKeyPolicy {
  check(subject: HostKeySubject, presented: PublicHostKey): HostKeyVerdict;
  /** Host-key algorithms to ask for first, so the server presents the key type we know. */
  preferredAlgorithms(subject: HostKeySubject): readonly string[];
}

export interface HostKeyPolicyOptions {
  /** OpenSSH known_hosts files (missing ones are empty); the first is the one messages point to. */
  readonly knownHostsFiles?: readonly string[];
  /** Fingerprints (`SHA256:...`) the operator accepted for this run (`--accept-host-key`). */
  readonly acceptFingerprints?: readonly string[];
  /** Reads a known hosts file; undefined when it does not exist. Defaults to node:fs. */
  readonly readFile?: (path: string) => string | undefined;
}

export function createHostKeyPolicy(options: HostKeyPolicyOptions = {}): HostKeyPolicy {
  const files = options.knownHostsFiles ?? [];
  const accepted = new Set(options.acceptFingerprints ?? []);
  const read = options.readFile ?? readIfExists;
  let entries: KnownHostEntry[] | undefined;
  // Read once, on first use: a run sees one state of the files.
  const known = (): KnownHostEntry[] => (entries ??= files.flatMap((file) => parseKnownHosts(read(file) ?? '', file)));
  const entriesFor = (s: HostKeySubject): KnownHostEntry[] => known().filter((e) => entryMatches(e, s.host, s.port));

  return {
    check(subject, presented) {
      const print = fingerprint(presented);
      const name = `${subject.host}:${subject.port}`;
      const revoked = entriesFor(subject).find((e) => e.revoked && sameKey(e.key, presented));
      if (revoked !== undefined) {
        return { trusted: false, problem: 'revoked', message: `the host key of ${name} (${presented.type} ${print}) is marked @revoked in ${revoked.file}:${revoked.line}; refusing to connect` };
      }
      if (accepted.has(print)) return { trusted: true, via: 'accepted-fingerprint' };
      const howToAccept = acceptHint(subject, presented, print, files[0]);
      if (subject.pinned !== undefined) {
        const pinned = parseHostKey(subject.pinned);
        if (pinned !== undefined && sameKey(pinned, presented)) return { trusted: true, via: 'pinned' };
        const was = pinned === undefined ? 'an unreadable pinned key' : `${pinned.type} ${fingerprint(pinned)}`;
        return {
          trusted: false,
          problem: 'changed',
          message:
            `the host key of ${name} has CHANGED: pinned ${was}, presented ${presented.type} ${print}. ` +
            `Either the host was reinstalled outside mbp, or someone is intercepting the connection. ` +
            `If you checked the new key on the host itself, ${howToAccept}; reinstalling through mbp pins the new key`,
        };
      }
      const listed = entriesFor(subject).filter((e) => !e.revoked);
      if (listed.some((e) => sameKey(e.key, presented))) return { trusted: true, via: 'known-hosts' };
      if (listed.length > 0) {
        const first = listed[0]!;
        return {
          trusted: false,
          problem: 'changed',
          message:
            `the host key of ${name} has CHANGED: ${first.file}:${first.line} holds ${first.key.type} ${fingerprint(first.key)}, ` +
            `the host presented ${presented.type} ${print}. Either the host was reinstalled, or someone is intercepting the connection. ` +
            `If you checked the new key on the host itself, replace that line, or ${howToAccept}`,
        };
      }
      return {
        trusted: false,
        problem: 'unknown',
        message:
          `the host key of ${name} is unknown: it presented ${presented.type} ${print}, and mbp never trusts a key on first use. ` +
          `Check that fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_${shortType(presented.type)}_key.pub), then ${howToAccept}`,
      };
    },

    preferredAlgorithms(subject) {
      const pinned = subject.pinned === undefined ? undefined : parseHostKey(subject.pinned);
      const types = pinned !== undefined ? [pinned.type] : [...new Set(entriesFor(subject).filter((e) => !e.revoked).map((e) => e.key.type))];
      return [...new Set(types.flatMap(algorithmsFor))];
    },
  };
}

function acceptHint(subject: HostKeySubject, presented: PublicHostKey, print: string, file: string | undefined): string {
  const line = `${knownHostName(subject.host, subject.port)} ${formatHostKey(presented)}`;
  const where = file === undefined ? 'a known hosts file (--known-hosts FILE)' : `the known hosts file ${file}`;
  return `add "${line}" to ${where}, set host_key = "${formatHostKey(presented)}" on the step, or pass --accept-host-key ${print}`;
}

function shortType(type: string): string {
  if (type === 'ssh-ed25519') return 'ed25519';
  if (type.startsWith('ecdsa-')) return 'ecdsa';
  return type === 'ssh-rsa' ? 'rsa' : type;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
