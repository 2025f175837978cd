import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isDriverError } from '../../runtime/drivers/index.ts';
import { SshExecDriver } from '../../runtime/drivers/ssh/index.ts';
import { makeTempDir } from '../support/index.ts';
import { generateKeyPair, startRelay, startSshServer, type Relay, type TestSshServer } from './ssh-server.ts';

const live = (): AbortSignal => new AbortController().signal;
const client = generateKeyPair('client');
let server: TestSshServer;
let relay: Relay;
let driver: SshExecDriver;

test.before.each(async () => {
  server = await startSshServer({ authorizedKeys: [client.public] });
  relay = await startRelay(server.port);
  driver = new SshExecDriver({ agentSocket: null, keepaliveIntervalMs: 200, keepaliveCountMax: 2 });
});
test.after.each(async () => {
  await driver.close();
  await relay.close();
  await server.close();
});

// Through the relay the host is 127.0.0.1:<relay port>; the key is the server's.
const request = (command: string) => ({
  host: '127.0.0.1',
  port: relay.port,
  user: 'root',
  auth: { privateKey: client.private },
  hostKey: server.hostKey,
  command,
  timeoutMs: 10_000,
});

test('a connection lost mid-command is a retryable unreachable failure, and the next command reconnects', async () => {
  assert.is((await driver.run(request('echo before'), live())).stdout, 'before\n');
  const running = driver.run(request('echo started; sleep 5; echo never'), live()).then(
    () => undefined,
    (e: unknown) => e,
  );
  setTimeout(() => relay.cut(), 300);
  const started = Date.now();
  const error = await running;
  assert.ok(isDriverError(error), `expected a DriverError, got ${String(error)}`);
  assert.is(error.code, 'unreachable');
  assert.is(error.retryable, true);
  assert.match(error.message, `the connection to root@127.0.0.1:${relay.port} was lost during the command "echo started; sleep 5; echo never"`);
  assert.match(error.message, 'may have run in part');
  assert.ok(Date.now() - started < 4_000, 'noticed well before the command would have ended');
  assert.is((await driver.run(request('echo after'), live())).stdout, 'after\n');
  assert.is(server.connections(), 2, 'the lost connection was replaced, not reused');
});

test('a copy cut off mid-transfer is a retryable unreachable failure and leaves no destination file', async () => {
  const temp = makeTempDir();
  try {
    await driver.run(request('true'), live());
    const destination = path.join(temp.path, 'big.bin');
    const content = 'z'.repeat(16 * 1024 * 1024);
    const copying = driver.copy({ ...request(''), source: { kind: 'content', content }, destination, ifExists: 'overwrite' }, live()).then(
      () => undefined,
      (e: unknown) => e,
    );
    setTimeout(() => relay.cut(), 50);
    const error = await copying;
    assert.ok(isDriverError(error), `expected a DriverError, got ${String(error)}`);
    assert.is(error.code, 'unreachable');
    assert.ok(error.retryable);
    assert.match(error.message, `was lost during the copy to ${destination}`);
    assert.not.ok(fs.existsSync(destination), 'the file is written under a temporary name until complete');
  } finally {
    temp.cleanup();
  }
});

test.run();
