import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectsWithDriverError } from '../../runtime/drivers/conformance/index.ts';
import { isDriverError } from '../../runtime/drivers/index.ts';
import { SshExecDriver, type SshExecRequest } from '../../runtime/drivers/ssh/index.ts';
import { generateKeyPair, startSshServer, type TestSshServer } from './ssh-server.ts';

const live = (): AbortSignal => new AbortController().signal;
const client = generateKeyPair('client');
let server: TestSshServer;
let driver: SshExecDriver;

test.before.each(async () => {
  server = await startSshServer({ authorizedKeys: [client.public], password: 'pw-Secret-1' });
  driver = new SshExecDriver({ agentSocket: null });
});
test.after.each(async () => {
  await driver.close();
  await server.close();
});

const on = (command: string, extra: Partial<SshExecRequest> = {}): SshExecRequest => ({
  host: server.host,
  port: server.port,
  user: 'root',
  auth: { privateKey: client.private },
  hostKey: server.hostKey,
  command,
  timeoutMs: 20_000,
  ...extra,
});

test('exit codes, stdout and stderr come back; accepted exit codes turn others into failures quoting stderr', async () => {
  assert.equal(await driver.run(on('echo out; echo err >&2; exit 4'), live()), { exitCode: 4, stdout: 'out\n', stderr: 'err\n' });
  assert.is((await driver.run(on('exit 2', { acceptedExitCodes: [0, 2] }), live())).exitCode, 2);
  await rejectsWithDriverError(
    driver.run(on('echo "disk full" >&2; exit 28', { acceptedExitCodes: [0] }), live()),
    'device-error',
    'exited with 28 (accepted: 0); stderr: "disk full"',
  );
});

test('a command killed by a signal exits 128 + its number', async () => {
  assert.is((await driver.run(on('kill -TERM $$'), live())).exitCode, 143);
});

test('environment variables and stdin reach the command', async () => {
  const result = await driver.run(on('read line; echo "$GREETING, $line"', { env: { GREETING: "it's me" }, stdin: 'world\n' }), live());
  assert.is(result.stdout, "it's me, world\n");
  await rejectsWithDriverError(driver.run(on('true', { env: { 'BAD-NAME': 'x' } }), live()), 'invalid-argument', 'BAD-NAME');
});

test('several MB of output arrive whole under a large enough limit', async () => {
  const big = new SshExecDriver({ agentSocket: null, maxOutputBytes: 8 * 1024 * 1024 });
  try {
    // 5 MiB of stdout and 3 MiB of stderr at once: neither stream may stall the other.
    const result = await big.run(on('head -c 5242880 /dev/zero | tr "\\0" a; head -c 3145728 /dev/zero | tr "\\0" b >&2'), live());
    assert.is(result.stdout.length, 5 * 1024 * 1024);
    assert.is(createHash('sha256').update(result.stdout).digest('hex'), createHash('sha256').update('a'.repeat(5 * 1024 * 1024)).digest('hex'));
    assert.is(result.stderr.length, 3 * 1024 * 1024);
  } finally {
    await big.close();
  }
});

test('output past the limit keeps its start and end and says how much was dropped', async () => {
  const result = await driver.run(on('echo FIRST; head -c 3000000 /dev/zero | tr "\\0" x; echo; echo LAST'), live());
  assert.ok(result.stdout.startsWith('FIRST\nxxx'));
  assert.ok(result.stdout.endsWith('xxx\nLAST\n'));
  const note = /\[mbp: output truncated: (\d+) of (\d+) bytes omitted here\]/.exec(result.stdout);
  assert.ok(note, 'the output says it was cut');
  assert.is(Number(note![2]), 6 + 3_000_000 + 1 + 5);
  assert.is(Number(note![1]), 6 + 3_000_000 + 1 + 5 - 1024 * 1024);
  assert.ok(result.stdout.length < 1024 * 1024 + 200);
});

test('output lines stream as they arrive', async () => {
  const lines: string[] = [];
  await driver.run(on('echo one; echo two >&2; printf three', { onOutput: (stream, line) => lines.push(`${stream}:${line}`) }), live());
  assert.equal([...lines].sort(), ['stderr:two', 'stdout:one', 'stdout:three']);
});

test('commands to one host reuse one connection', async () => {
  for (let i = 0; i < 5; i++) assert.is((await driver.run(on(`echo ${i}`), live())).stdout, `${i}\n`);
  assert.is(server.connections(), 1);
  assert.equal(driver.connections, { opened: 1, open: 1 });
});

test('parallel commands share connections within the per-host and session limits', async () => {
  const limited = new SshExecDriver({ agentSocket: null, limits: { perHost: 2, sessionsPerConnection: 2 } });
  try {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => limited.run(on(`sleep 0.3; echo ${i}`), live())));
    assert.equal(results.map((r) => r.stdout), ['0\n', '1\n', '2\n', '3\n', '4\n', '5\n']);
    assert.is(server.connections(), 2);
    // Four at a time: two rounds of 0.3 s, not one.
    assert.ok(Date.now() - started >= 550, `took ${Date.now() - started} ms`);
  } finally {
    await limited.close();
  }
});

test('another credential gets its own connection; a full pool closes an idle one to make room', async () => {
  const other = await startSshServer({ authorizedKeys: [client.public] });
  const small = new SshExecDriver({ agentSocket: null, limits: { total: 1 } });
  try {
    await small.run(on('true'), live());
    await small.run(on('true', { auth: { password: 'pw-Secret-1' } }), live());
    assert.is(server.connections(), 2, 'key and password logins do not share');
    await small.run({ ...on('true'), port: other.port, hostKey: other.hostKey }, live());
    assert.is(other.connections(), 1);
    assert.equal(small.connections, { opened: 3, open: 1 });
  } finally {
    await small.close();
    await other.close();
  }
});

test('a refused credential fails naming the target', async () => {
  const stranger = generateKeyPair('stranger');
  await rejectsWithDriverError(driver.run(on('true', { auth: { privateKey: stranger.private } }), live()), 'device-error', `root@127.0.0.1:${server.port} refused every credential`);
  await rejectsWithDriverError(driver.run(on('true', { auth: { password: 'wrong' } }), live()), 'device-error', 'refused every credential');
});

test('identity files are tried when the target brings no credential', async () => {
  const files = new SshExecDriver({ agentSocket: null, identityFiles: ['/keys/deploy'], readFile: (p) => (p === '/keys/deploy' ? client.private : '') });
  try {
    const { auth: _none, ...target } = on('echo via file');
    assert.is((await files.run(target, live())).stdout, 'via file\n');
  } finally {
    await files.close();
  }
  const missing = new SshExecDriver({ agentSocket: null, identityFiles: ['/nonexistent/key'] });
  const { auth: _none, ...target } = on('true');
  await rejectsWithDriverError(missing.run(target, live()), 'invalid-argument', '/nonexistent/key');
});

test('a command that outlives its limit fails with timeout and the connection stays usable', async () => {
  await rejectsWithDriverError(driver.run(on('sleep 3', { timeoutMs: 200 }), live()), 'timeout');
  assert.is((await driver.run(on('echo after'), live())).stdout, 'after\n');
  assert.is(server.connections(), 1);
  const error = await driver.run(on('sleep 3', { timeoutMs: 200 }), live()).catch((e: unknown) => e);
  assert.ok(isDriverError(error) && error.retryable);
});

test.run();
