import ssh2 from 'ssh2';

/** An ed25519 key pair in OpenSSH formats. */
export interface OpenSshKeyPair {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----…` */
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA… comment` */
  readonly publicKey: string;
}

// ssh2's generator writes an unparseable private key about once in 400
// calls (seen here: 5 in 2,000); a host key the installer or a server cannot
// load would fail a provision at random, so every key is read back first.
const ATTEMPTS = 8;

/** A fresh ed25519 key pair that ssh2 itself can parse back. */
export function generateEd25519KeyPair(comment: string): OpenSshKeyPair {
  for (let i = 0; i < ATTEMPTS; i++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return { privateKey: pair.private, publicKey: pair.public };
  }
  throw new Error(`could not generate a readable ed25519 key pair in ${ATTEMPTS} attempts`);
}
