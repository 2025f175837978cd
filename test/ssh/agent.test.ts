/** Key authentication through an ssh-agent (SSH_AUTH_SOCK); needs OpenSSH's ssh-agent and ssh-add, skipped without them. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectsWithDriverError } from '../../runtime/drivers/conformance/index.ts';
import { SshExecDriver } from '../../runtime/drivers/ssh/index.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';
import { generateKeyPair, startSshServer, type TestSshServer } from './ssh-server.ts';

const live = (): AbortSignal => new AbortController().signal;
const hasAgent = ['/usr/bin/ssh-agent', '/usr/bin/ssh-add'].every((f) => fs.existsSync(f));

if (!hasAgent) {
  test.skip('ssh-agent authentication (ssh-agent and ssh-add not installed)', () => undefined);
} else {
  const client = generateKeyPair('agent-key');
  let temp: TempDir;
  let agent: ChildProcess;
  let socket: string;
  let server: TestSshServer;

  test.before(async () => {
    temp = makeTempDir();
    socket = path.join(temp.path, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
    const keyFile = path.join(temp.path, 'id_ed25519');
    fs.writeFileSync(keyFile, client.private, { mode: 0o600 });
    execFileSync('ssh-add', [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    server = await startSshServer({ authorizedKeys: [client.public] });
  });
  test.after(async () => {
    await server.close();
    const exited = new Promise((resolve) => agent.once('exit', resolve));
    agent.kill('SIGTERM');
    await exited;
    temp.cleanup();
  });

  const request = () => ({ host: server.host, port: server.port, user: 'root', hostKey: server.hostKey, command: 'echo agent ok', timeoutMs: 10_000 });

  test('the key held by the agent named in SSH_AUTH_SOCK logs in', async () => {
    const driver = new SshExecDriver({ env: { SSH_AUTH_SOCK: socket } });
    try {
      assert.is((await driver.run(request(), live())).stdout, 'agent ok\n');
    } finally {
      await driver.close();
    }
  });

  test('without the agent there is no credential to offer', async () => {
    const driver = new SshExecDriver({ env: {} });
    try {
      await rejectsWithDriverError(driver.run(request(), live()), 'device-error', 'refused every credential');
    } finally {
      await driver.close();
    }
  });
}

test.run();
