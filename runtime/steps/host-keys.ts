import crypto from 'node:crypto';
import { generateEd25519KeyPair } from '../drivers/ssh/index.ts';

/** An SSH key pair in OpenSSH formats. */
export interface SshKeyPair {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----…` */
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA… comment` */
  readonly publicKey: string;
}

/** Where fresh keys and tokens come from (randomness is injected so tests can pin it). */
export interface KeyFactory {
  /** A new ed25519 host key pair. */
  hostKeyPair(comment: string): SshKeyPair;
  /** A one-time token (the `callback_token` template variable). */
  token(): string;
}

/**
 * The deployment's access key: the runtime logs in to every instance with
 * its private half; the public half is installed as an authorized key.
 */
export interface AccessKeys {
  publicKey(infrastructure: string, signal: AbortSignal): Promise<string>;
}

/** ed25519 keys from `node:crypto`, written by ssh2 in OpenSSH format; tokens of 192 random bits. */
export const nodeKeyFactory: KeyFactory = {
  hostKeyPair(comment) {
    return generateEd25519KeyPair(comment);
  },
  token() {
    return crypto.randomBytes(24).toString('base64url');
  },
};

/**
 * One access key pair per infrastructure, generated on first use and kept in
 * memory. The apply layer persists the private half (a 0600 file beside the
 * inventory) so later runs can log in; `privateKey` hands it to the SSH driver.
 */
export class GeneratedAccessKeys implements AccessKeys {
  private readonly pairs = new Map<string, SshKeyPair>();

  constructor(private readonly keys: KeyFactory = nodeKeyFactory) {}

  async publicKey(infrastructure: string, signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    return this.pair(infrastructure).publicKey;
  }

  privateKey(infrastructure: string): string {
    return this.pair(infrastructure).privateKey;
  }

  private pair(infrastructure: string): SshKeyPair {
    let pair = this.pairs.get(infrastructure);
    if (pair === undefined) {
      pair = this.keys.hostKeyPair(`mbp-access@${infrastructure}`);
      this.pairs.set(infrastructure, pair);
    }
    return pair;
  }
}

/** `SHA256:…` as `ssh-keygen -l` prints it: the unpadded Base64 SHA-256 of the key blob. */
export function sshFingerprint(publicKey: string): string {
  const blob = publicKey.trim().split(/\s+/)[1];
  if (blob === undefined || blob === '') throw new RangeError('not an OpenSSH public key: expected "TYPE BASE64 [comment]"');
  return `SHA256:${crypto.createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}
