import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectsWithDriverError } from '../../runtime/drivers/conformance/index.ts';
import { isDriverError } from '../../runtime/drivers/index.ts';
import { createHostKeyPolicy, fingerprint, parseHostKey, SshExecDriver, type HostKeyPolicyOptions } from '../../runtime/drivers/ssh/index.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';
import { generateKeyPair, publicKeyText, startSshServer, type TestSshServer } from './ssh-server.ts';

const live = (): AbortSignal => new AbortController().signal;
const client = generateKeyPair('client');
const hostKey = generateKeyPair('host');
const impostor = generateKeyPair('impostor');
const hostPrint = fingerprint(parseHostKey(publicKeyText(hostKey))!);
let server: TestSshServer;
let temp: TempDir;

test.before(async () => {
  server = await startSshServer({ authorizedKeys: [client.public], hostKey });
});
test.after(async () => {
  await server.close();
});
test.before.each(() => {
  temp = makeTempDir();
});
test.after.each(() => temp.cleanup());

const request = (extra: { hostKey?: string } = {}) => ({
  host: server.host,
  port: server.port,
  user: 'root',
  auth: { privateKey: client.private },
  command: 'echo in',
  timeoutMs: 10_000,
  ...extra,
});

async function runWith(policy: HostKeyPolicyOptions | undefined, extra: { hostKey?: string } = {}) {
  const driver = new SshExecDriver({ agentSocket: null, ...(policy !== undefined ? { hostKeys: createHostKeyPolicy(policy) } : {}) });
  try {
    return await driver.run(request(extra), live());
  } finally {
    await driver.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; retryable: boolean }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(isDriverError(error), `expected a DriverError, got ${String(error)}`);
  return { code: error.code, message: error.message, retryable: error.retryable };
}

test('the pinned key of an instance is trusted', async () => {
  assert.is((await runWith(undefined, { hostKey: publicKeyText(hostKey) })).stdout, 'in\n');
});

test('an unknown key is refused, never trusted on first use, with how to accept it', async () => {
  const known = path.join(temp.path, 'known_hosts');
  const ran = server.commands.length;
  const f = await failure(runWith({ knownHostsFiles: [known] }));
  assert.is(f.code, 'unknown-target');
  assert.not.ok(f.retryable);
  assert.match(f.message, `the host key of 127.0.0.1:${server.port} is unknown`);
  assert.match(f.message, `--accept-host-key ${hostPrint}`);
  assert.match(f.message, `add "[127.0.0.1]:${server.port} ${publicKeyText(hostKey)}" to the known hosts file ${known}`);
  assert.is(fs.existsSync(known), false, 'nothing was written to known_hosts');
  assert.is(server.commands.length, ran, 'no command ran');
});

test('a changed pinned key is refused, naming both fingerprints', async () => {
  const f = await failure(runWith(undefined, { hostKey: publicKeyText(impostor) }));
  assert.is(f.code, 'conflict');
  assert.not.ok(f.retryable);
  assert.match(f.message, 'has CHANGED');
  assert.match(f.message, fingerprint(parseHostKey(publicKeyText(impostor))!));
  assert.match(f.message, hostPrint);
  assert.match(f.message, '--accept-host-key');
});

test('a key in a known hosts file is trusted; another key there for the host is a change', async () => {
  const known = path.join(temp.path, 'known_hosts');
  fs.writeFileSync(known, `# comment\nother.example ${publicKeyText(impostor)}\n[127.0.0.1]:${server.port} ${publicKeyText(hostKey)} host\n`);
  assert.is((await runWith({ knownHostsFiles: [known] })).stdout, 'in\n');
  fs.writeFileSync(known, `\n[127.0.0.1]:${server.port} ${publicKeyText(impostor)}\n`);
  const f = await failure(runWith({ knownHostsFiles: [known] }));
  assert.is(f.code, 'conflict');
  assert.match(f.message, `${known}:2 holds ssh-ed25519`);
  assert.match(f.message, 'replace that line');
});

test('hashed and wildcard known_hosts entries match; a negated pattern does not', async () => {
  const known = path.join(temp.path, 'known_hosts');
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(`[127.0.0.1]:${server.port}`).digest('base64');
  fs.writeFileSync(known, `|1|${salt.toString('base64')}|${hash} ${publicKeyText(hostKey)}\n`);
  assert.is((await runWith({ knownHostsFiles: [known] })).stdout, 'in\n');
  fs.writeFileSync(known, `[127.0.0.?]:* ${publicKeyText(hostKey)}\n`);
  assert.is((await runWith({ knownHostsFiles: [known] })).stdout, 'in\n');
  fs.writeFileSync(known, `[127.0.0.?]:*,![127.0.0.1]:${server.port} ${publicKeyText(hostKey)}\n`);
  assert.is((await failure(runWith({ knownHostsFiles: [known] }))).code, 'unknown-target');
});

test('an accepted fingerprint lets an unknown or changed key through; a revoked key never passes', async () => {
  assert.is((await runWith({ acceptFingerprints: [hostPrint] })).stdout, 'in\n');
  assert.is((await runWith({ acceptFingerprints: [hostPrint] }, { hostKey: publicKeyText(impostor) })).stdout, 'in\n');
  const known = path.join(temp.path, 'known_hosts');
  fs.writeFileSync(known, `@revoked * ${publicKeyText(hostKey)}\n`);
  const f = await failure(runWith({ knownHostsFiles: [known], acceptFingerprints: [hostPrint] }, { hostKey: publicKeyText(hostKey) }));
  assert.match(f.message, '@revoked');
});

test('the policy reads known hosts once and prefers the known key type', () => {
  let reads = 0;
  const policy = createHostKeyPolicy({
    knownHostsFiles: ['/k'],
    readFile: () => {
      reads++;
      return `h.example ${publicKeyText(hostKey)}\n`;
    },
  });
  assert.equal(policy.preferredAlgorithms({ host: 'h.example', port: 22 }), ['ssh-ed25519']);
  assert.equal(policy.preferredAlgorithms({ host: 'other', port: 22 }), []);
  assert.is(policy.check({ host: 'h.example', port: 22 }, parseHostKey(publicKeyText(hostKey))!).trusted, true);
  assert.is(policy.check({ host: 'h.example', port: 2222 }, parseHostKey(publicKeyText(hostKey))!).trusted, false, 'port 2222 is another entry');
  assert.is(reads, 1);
});

test('driver default: only pinned keys are trusted', async () => {
  await rejectsWithDriverError(runWith(undefined), 'unknown-target', 'never trusts a key on first use');
});

test.run();
