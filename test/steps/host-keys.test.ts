import { test } from 'uvu';
import * as assert from 'uvu/assert';
import crypto from 'node:crypto';
import ssh2 from 'ssh2';
import { GeneratedAccessKeys, nodeKeyFactory, sshFingerprint } from '../../runtime/steps/index.ts';

test('host key pairs are fresh ed25519 keys in OpenSSH format', () => {
  const a = nodeKeyFactory.hostKeyPair('root@web-0');
  const b = nodeKeyFactory.hostKeyPair('root@web-0');
  assert.match(a.privateKey, /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+-----END OPENSSH PRIVATE KEY-----\n$/);
  assert.match(a.publicKey, /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\S+ root@web-0$/);
  assert.is.not(a.publicKey, b.publicKey);
  // The private half really is the public half's key.
  const parsed = ssh2.utils.parseKey(a.privateKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  assert.is(`ssh-ed25519 ${key.getPublicSSH().toString('base64')}`, a.publicKey.split(' ').slice(0, 2).join(' '));
  assert.is.not(nodeKeyFactory.token(), nodeKeyFactory.token());
});

test('the fingerprint is what ssh-keygen -l prints: SHA256 of the key blob, unpadded Base64', () => {
  const { publicKey } = nodeKeyFactory.hostKeyPair('x');
  const blob = Buffer.from(publicKey.split(' ')[1]!, 'base64');
  const expected = `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  assert.is(sshFingerprint(publicKey), expected);
  assert.is(expected.length, 'SHA256:'.length + 43);
  assert.throws(() => sshFingerprint('not-a-key'), /not an OpenSSH public key/);
});

test('one access key per infrastructure, the same on every call', async () => {
  const keys = new GeneratedAccessKeys();
  const signal = new AbortController().signal;
  const edge = await keys.publicKey('edge', signal);
  assert.is(await keys.publicKey('edge', signal), edge);
  assert.is.not(await keys.publicKey('lab', signal), edge);
  assert.match(keys.privateKey('edge') ?? '', /OPENSSH PRIVATE KEY/);
});

test.run();
