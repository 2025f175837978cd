import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectsWithDriverError } from '../../runtime/drivers/conformance/index.ts';
import type { IfExists } from '../../runtime/drivers/index.ts';
import { SshExecDriver, type SshCopySource } from '../../runtime/drivers/ssh/index.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';
import { startServer, type LocalServer } from '../http/local-server.ts';
import { generateKeyPair, startSshServer, type TestSshServer } from './ssh-server.ts';

const live = (): AbortSignal => new AbortController().signal;
const client = generateKeyPair('client');
let server: TestSshServer;
let driver: SshExecDriver;
let temp: TempDir;
let web: LocalServer | undefined;

test.before.each(async () => {
  server = await startSshServer({ authorizedKeys: [client.public] });
  driver = new SshExecDriver({ agentSocket: null });
  temp = makeTempDir();
});
test.after.each(async () => {
  await driver.close();
  await server.close();
  await web?.close();
  web = undefined;
  temp.cleanup();
});

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const copy = (source: SshCopySource, destination: string, ifExists: IfExists, extra: { mode?: number; owner?: string; sha256?: string } = {}) =>
  driver.copyFile(
    { host: server.host, port: server.port, user: 'root', auth: { privateKey: client.private }, hostKey: server.hostKey, source, destination, ifExists, timeoutMs: 20_000, ...extra },
    live(),
  );
const content = (text: string): SshCopySource => ({ kind: 'content', content: text });
const leftovers = (): string[] => fs.readdirSync(temp.path).filter((n) => n.includes('.mbp-'));

test('every if-exists policy, with inline content', async () => {
  const dest = path.join(temp.path, 'motd');
  assert.equal(await copy(content('hello'), dest, 'error'), { copied: true, bytes: 5, sha256: sha('hello'), path: dest }, 'error: a missing file is written');
  await rejectsWithDriverError(copy(content('other'), dest, 'error'), 'conflict', `${dest} already exists`);
  assert.equal(await copy(content('xxxxx'), dest, 'if-size-differs'), { copied: false, bytes: 5, sha256: sha('xxxxx'), path: dest });
  assert.is(fs.readFileSync(dest, 'utf8'), 'hello');
  assert.is((await copy(content('hello!'), dest, 'if-size-differs')).copied, true);
  assert.is(fs.readFileSync(dest, 'utf8'), 'hello!');
  assert.equal(await copy(content('ignored'), dest, 'ignore'), { copied: false, bytes: 6, path: dest });
  assert.is(fs.readFileSync(dest, 'utf8'), 'hello!');
  assert.is((await copy(content('new'), dest, 'overwrite')).copied, true);
  assert.is(fs.readFileSync(dest, 'utf8'), 'new');
  assert.equal(leftovers(), []);
});

test('a local file source, with mode and owner', async () => {
  const local = path.join(temp.path, 'local.conf');
  fs.writeFileSync(local, 'key=value\n');
  const dest = path.join(temp.path, 'remote.conf');
  const me = os.userInfo();
  const result = await copy({ kind: 'file', path: local }, dest, 'overwrite', { mode: 0o640, owner: `${me.username}` });
  assert.is(result.bytes, 10);
  assert.is(fs.readFileSync(dest, 'utf8'), 'key=value\n');
  assert.is(fs.statSync(dest).mode & 0o7777, 0o640);
  assert.is(fs.statSync(dest).uid, me.uid);
  assert.ok(server.commands.some((c) => c.startsWith(`chown -- ${me.username} `)), 'the owner was set with chown');
  await rejectsWithDriverError(copy({ kind: 'file', path: path.join(temp.path, 'nope') }, dest, 'overwrite'), 'invalid-argument', 'cannot read the source file');
  await rejectsWithDriverError(copy(content('x'), dest, 'overwrite', { owner: 'root; rm -rf /' }), 'invalid-argument', 'is not "user" or "user:group"');
});

test('an HTTP source is streamed to the host', async () => {
  const body = Buffer.alloc(6 * 1024 * 1024, 'q');
  let served = 0;
  web = await startServer((req, _body, res) => {
    if (req.url === '/image.img') {
      res.setHeader('Content-Length', body.length);
      res.end(body);
      served++;
    } else if (req.url === '/moved') {
      res.statusCode = 302;
      res.setHeader('Location', '/image.img');
      res.end();
    } else {
      res.statusCode = 404;
      res.end('missing');
    }
  });
  const dest = path.join(temp.path, 'image.img');
  const result = await copy({ kind: 'url', url: `${web.url}/moved` }, dest, 'if-size-differs');
  assert.equal(result, { copied: true, bytes: body.length, sha256: sha(body), path: dest });
  assert.ok(fs.readFileSync(dest).equals(body));
  // Same size announced by Content-Length: nothing is downloaded past the headers, nothing written.
  const again = await copy({ kind: 'url', url: `${web.url}/image.img` }, dest, 'if-size-differs');
  assert.is(again.copied, false);
  assert.is(served, 2);
  await rejectsWithDriverError(copy({ kind: 'url', url: `${web.url}/absent` }, path.join(temp.path, 'x'), 'overwrite'), 'invalid-argument', 'answered 404');
  assert.equal(leftovers(), []);
});

test('an HTTP source without a length is compared after the download', async () => {
  web = await startServer((_req, _body, res) => {
    res.write('chunk-1;');
    res.end('chunk-2');
  });
  const dest = path.join(temp.path, 'stream.txt');
  fs.writeFileSync(dest, '123456789012345');
  const same = await copy({ kind: 'url', url: `${web.url}/` }, dest, 'if-size-differs');
  assert.is(same.copied, false);
  assert.is(fs.readFileSync(dest, 'utf8'), '123456789012345');
  assert.equal(leftovers(), [], 'the downloaded copy was removed');
});

test('a SHA-256 mismatch fails and leaves the destination as it was', async () => {
  const dest = path.join(temp.path, 'checked');
  fs.writeFileSync(dest, 'original');
  await rejectsWithDriverError(copy(content('tampered'), dest, 'overwrite', { sha256: sha('expected') }), 'invalid-argument', `expected ${sha('expected')}`);
  assert.is(fs.readFileSync(dest, 'utf8'), 'original');
  assert.equal(leftovers(), []);
  assert.is((await copy(content('expected'), dest, 'overwrite', { sha256: sha('expected').toUpperCase() })).copied, true);
});

test('a missing directory, a directory destination and a relative path fail clearly', async () => {
  await rejectsWithDriverError(copy(content('x'), path.join(temp.path, 'no/such/dir/file'), 'overwrite'), 'device-error', 'no such directory');
  await rejectsWithDriverError(copy(content('x'), temp.path, 'overwrite'), 'invalid-argument', 'is a directory');
  await rejectsWithDriverError(copy(content('x'), 'relative/file', 'overwrite'), 'invalid-argument', 'absolute path');
});

test.run();
