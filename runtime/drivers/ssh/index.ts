// The real ExecDriver over SSH (ssh2): pooled connections, host keys never trusted on first use, bounded output, SFTP copies, masked secrets.
export {
  SshExecDriver,
  DEFAULT_MAX_OUTPUT_BYTES,
  type SshExecDriverOptions,
  type SshExecRequest,
  type SshCopyRequest,
  type SshCopyResult,
} from './ssh-exec-driver.ts';
export type { SshCopySource } from './copy-file.ts';
export { createHostKeyPolicy, type HostKeyPolicy, type HostKeyPolicyOptions, type HostKeySubject, type HostKeyVerdict } from './host-key-policy.ts';
export { fingerprint, formatHostKey, parseHostKey, hostKeyFromBlob, type PublicHostKey } from './host-key.ts';
export { knownHostName } from './known-hosts.ts';
export { DEFAULT_POOL_LIMITS, type PoolLimits } from './pool.ts';
export { SSH_DRIVER } from './connect.ts';
export { generateEd25519KeyPair, type OpenSshKeyPair } from './generate-key-pair.ts';
