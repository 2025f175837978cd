import { createHash } from 'node:crypto';

/** A public host key in SSH wire form (the blob a server presents). */
export interface PublicHostKey {
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, ... */
  readonly type: string;
  readonly blob: Buffer;
}

/** The key type named at the start of an SSH public key blob (a length-prefixed string). */
export function hostKeyFromBlob(blob: Buffer): PublicHostKey {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const type = length > 0 && length <= 64 && blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('latin1') : 'unknown';
  return { type, blob };
}

/** Parses `ssh-ed25519 AAAA... [comment]` (the `.pub` and known_hosts form); undefined when malformed. */
export function parseHostKey(text: string): PublicHostKey | undefined {
  const [type, data] = text.trim().split(/\s+/);
  if (type === undefined || data === undefined || !/^[A-Za-z0-9+/]+=*$/.test(data)) return undefined;
  const blob = Buffer.from(data, 'base64');
  const key = hostKeyFromBlob(blob);
  return key.type === type ? key : undefined;
}

/** OpenSSH's fingerprint: `SHA256:` and the unpadded base64 of the blob's SHA-256. */
export function fingerprint(key: PublicHostKey): string {
  return `SHA256:${createHash('sha256').update(key.blob).digest('base64').replace(/=+$/, '')}`;
}

/** `ssh-ed25519 AAAA...`, as pinned in the inventory or written to known_hosts. */
export function formatHostKey(key: PublicHostKey): string {
  return `${key.type} ${key.blob.toString('base64')}`;
}

export function sameKey(a: PublicHostKey, b: PublicHostKey): boolean {
  return a.type === b.type && a.blob.equals(b.blob);
}

/** Host-key algorithms to offer first for a key type, so the server presents the key we know. */
export function algorithmsFor(type: string): readonly string[] {
  return type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type];
}
