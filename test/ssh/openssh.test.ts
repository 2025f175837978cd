/**
 * End to end against OpenSSH's own sshd (Debian's openssh-server, which
 * `.ci/run` installs): a private sshd on a loopback port with its own
 * config, host key and authorized key in a temp dir. Without
 * /usr/sbin/sshd the test is skipped, except under CI=true where it fails
 * so that a broken CI install is noticed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectsWithDriverError } from '../../runtime/drivers/conformance/index.ts';
import { createHostKeyPolicy, SshExecDriver } from '../../runtime/drivers/ssh/index.ts';
import { freePort } from '../http/local-server.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';
import { generateKeyPair } from './ssh-server.ts';

const SSHD = '/usr/sbin/sshd';
const live = (): AbortSignal => new AbortController().signal;

if (!fs.existsSync(SSHD)) {
  if (process.env.CI === 'true') {
    test('OpenSSH sshd is installed', () => {
      assert.unreachable(`${SSHD} is missing under CI=true: .ci/run should have installed openssh-server (apt-get install openssh-server); the end-to-end SSH test cannot run`);
    });
  } else {
    test.skip(`OpenSSH end to end (${SSHD} not installed; it runs under CI)`, () => undefined);
  }
} else {
  let temp: TempDir;
  let sshd: ChildProcess | undefined;
  let sshdLog = '';
  let port = 0;
  let hostKey = '';
  const client = generateKeyPair('client');
  const user = os.userInfo().username;

  test.before(async () => {
    temp = makeTempDir();
    const dir = temp.path;
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mbp-e2e-host', '-f', path.join(dir, 'host_ed25519')]);
    hostKey = fs.readFileSync(path.join(dir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(path.join(dir, 'authorized_keys'), `${client.public}\n`, { mode: 0o600 });
    port = await freePort();
    fs.writeFileSync(
      path.join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${path.join(dir, 'host_ed25519')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        'UsePAM no',
        'StrictModes no',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'Subsystem sftp internal-sftp',
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
    // Debian's sshd wants its privilege separation directory.
    if (!fs.existsSync('/run/sshd')) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    sshd = spawn(SSHD, ['-f', path.join(dir, 'sshd_config'), '-D', '-e'], { stdio: ['ignore', 'ignore', 'pipe'] });
    sshd.stderr?.on('data', (d: Buffer) => (sshdLog += d.toString()));
    await waitForPort(port, 10_000, () => sshdLog);
  });

  test.after(async () => {
    if (sshd !== undefined && sshd.exitCode === null) {
      const exited = new Promise((resolve) => sshd!.once('exit', resolve));
      sshd.kill('SIGTERM');
      await exited;
    }
    temp.cleanup();
  });

  const target = () => ({ host: '127.0.0.1', port, user, auth: { privateKey: client.private }, hostKey });

  test('a command runs through OpenSSH with the pinned host key', async () => {
    const driver = new SshExecDriver({ agentSocket: null });
    try {
      const result = await driver.run({ ...target(), command: 'echo "hello from $(id -un)"; echo warn >&2; exit 3', timeoutMs: 15_000 }, live());
      assert.equal(result, { exitCode: 3, stdout: `hello from ${user}\n`, stderr: 'warn\n' }, sshdLog);
      const env = await driver.run({ ...target(), command: 'printf "%s" "$MBP_E2E"', env: { MBP_E2E: 'a b $c' }, timeoutMs: 15_000 }, live());
      assert.is(env.stdout, 'a b $c');
      assert.is(driver.connections.opened, 1, 'the second command reused the connection');
    } finally {
      await driver.close();
    }
  });

  test('a copy goes through OpenSSH SFTP and replaces the file atomically', async () => {
    const driver = new SshExecDriver({ agentSocket: null });
    const dest = path.join(temp.path, 'copied.txt');
    try {
      fs.writeFileSync(dest, 'old');
      const result = await driver.copy({ ...target(), source: { kind: 'content', content: 'fresh content\n' }, destination: dest, ifExists: 'overwrite', mode: 0o600, timeoutMs: 15_000 }, live());
      assert.equal(result, { copied: true, bytes: 14 });
      assert.is(fs.readFileSync(dest, 'utf8'), 'fresh content\n');
      assert.is(fs.statSync(dest).mode & 0o777, 0o600);
      assert.equal(fs.readdirSync(temp.path).filter((n) => n.includes('.mbp-')), []);
    } finally {
      await driver.close();
    }
  });

  test('OpenSSH with an unknown host key is refused', async () => {
    const driver = new SshExecDriver({ agentSocket: null, hostKeys: createHostKeyPolicy({ knownHostsFiles: [path.join(temp.path, 'known_hosts')] }) });
    try {
      const { hostKey: _pin, ...unpinned } = target();
      await rejectsWithDriverError(driver.run({ ...unpinned, command: 'true', timeoutMs: 15_000 }, live()), 'unknown-target', '--accept-host-key SHA256:');
    } finally {
      await driver.close();
    }
  });
}

async function waitForPort(port: number, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port} within ${timeoutMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.run();
