import crypto from 'node:crypto';
import ssh2 from 'ssh2';
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
 * Where access keys live between runs (the apply layer keeps them beside the
 * inventory). Only the private half is stored: the public half is derived
 * from it, so the two can never disagree.
 */
export interface AccessKeyStore {
  /** The infrastructure's stored private key, if it has one. */
  read(infrastructure: string): string | undefined;
  /** Stores `pair` unless a key is stored already; resolves to the private key stored (another run's, if it got there first). */
  create(infrastructure: string, pair: SshKeyPair): Promise<string>;
}

/**
 * One access key pair per infrastructure: the stored one when `store` has
 * it, else generated on first use (and stored, so later runs, a re-apply's
 * SSH steps or a destroy's deprovision hooks, can still log in to what this
 * run installed). Without a store the pairs live as long as this object.
 */
export class GeneratedAccessKeys implements AccessKeys {
  private readonly pairs = new Map<string, SshKeyPair>();
  /** Keys being generated and stored: parallel prepare_boot steps of one infrastructure share one. */
  private readonly pending = new Map<string, Promise<SshKeyPair>>();

  constructor(
    private readonly keys: KeyFactory = nodeKeyFactory,
    private readonly store?: AccessKeyStore,
  ) {}

  async publicKey(infrastructure: string, signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    return (await this.ensure(infrastructure)).publicKey;
  }

  /** The private half to log in with: this run's or the stored one; undefined when the infrastructure has none (nothing installed it). */
  privateKey(infrastructure: string): string | undefined {
    return this.known(infrastructure)?.privateKey;
  }

  private known(infrastructure: string): SshKeyPair | undefined {
    let pair = this.pairs.get(infrastructure);
    const stored = pair === undefined ? this.store?.read(infrastructure) : undefined;
    if (stored !== undefined) this.pairs.set(infrastructure, (pair = { privateKey: stored, publicKey: publicKeyOf(stored) }));
    return pair;
  }

  private ensure(infrastructure: string): Promise<SshKeyPair> {
    const known = this.known(infrastructure);
    if (known !== undefined) return Promise.resolve(known);
    let pending = this.pending.get(infrastructure);
    if (pending === undefined) {
      pending = (async () => {
        const fresh = this.keys.hostKeyPair(`mbp-access@${infrastructure}`);
        const stored = this.store === undefined ? fresh.privateKey : await this.store.create(infrastructure, fresh);
        const pair = stored === fresh.privateKey ? fresh : { privateKey: stored, publicKey: publicKeyOf(stored) };
        this.pairs.set(infrastructure, pair);
        return pair;
      })().finally(() => this.pending.delete(infrastructure));
      this.pending.set(infrastructure, pending);
    }
    return pending;
  }
}

/** `ssh-ed25519 AAAA… comment`: the public half of an OpenSSH private key. */
export function publicKeyOf(privateKey: string): string {
  const parsed = ssh2.utils.parseKey(privateKey);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) throw new Error(`not a readable OpenSSH private key${key instanceof Error ? `: ${key.message}` : ''}`);
  return `${key.type} ${key.getPublicSSH().toString('base64')}${key.comment ? ` ${key.comment}` : ''}`;
}

/** `SHA256:…` as `ssh-keygen -l` prints it: the unpadded Base64 SHA-256 of the key blob. */
export function sshFingerprint(publicKey: string): string {
  const blob = publicKey.trim().split(/\s+/)[1];
  if (blob === undefined || blob === '') throw new RangeError('not an OpenSSH public key: expected "TYPE BASE64 [comment]"');
  return `SHA256:${crypto.createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}
