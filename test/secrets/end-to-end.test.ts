/**
 * A secret used in an SSH command, an HTTP header and a hook argument, and
 * echoed back by the far side in every spelling, in output and in errors:
 * nothing that leaves the drivers or the hook runner holds it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeHttpDriver } from '../../runtime/drivers/http/index.ts';
import { SshExecDriver } from '../../runtime/drivers/ssh/index.ts';
import { runHook } from '../../runtime/hooks/index.ts';
import { startServer } from '../http/local-server.ts';
import { writeHook } from '../hooks-run/hook-fixture.ts';
import { generateKeyPair, startSshServer } from '../ssh/ssh-server.ts';
import { leaksIn, spellings } from './leaks.ts';

const SECRET = 'Tk9/"pa ss+wörd&x=1';
const live = (): AbortSignal => new AbortController().signal;
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function assertClean(what: string, text: string): void {
  assert.equal(leaksIn(text, SECRET), [], `${what} leaks the secret: ${text}`);
}

/** Prints the secret in every spelling, one per line, from a Node one-liner on the far side. */
const ECHO_ALL = `node -e 'const s = process.argv[1]; for (const v of Object.values(${JSON.stringify(spellings(SECRET)).replace(/'/g, '')})) console.log(v)' ignored`;

test('SSH: in the command, echoed on stdout and stderr, in a failure', async () => {
  const client = generateKeyPair();
  const server = await startSshServer({ authorizedKeys: [client.public] });
  const driver = new SshExecDriver({ agentSocket: null });
  const lines: string[] = [];
  try {
    const request = {
      host: server.host,
      port: server.port,
      user: 'root',
      auth: { privateKey: client.private },
      hostKey: server.hostKey,
      timeoutMs: 20_000,
      secrets: [SECRET],
      onOutput: (stream: string, line: string) => lines.push(`${stream}: ${line}`),
    };
    const command = `S=${quote(SECRET)}; ${ECHO_ALL}; ${ECHO_ALL} >&2; echo "token=$S"`;
    const result = await driver.run({ ...request, command }, live());
    assert.ok(server.commands[0]?.includes(SECRET), 'the real secret went to the host');
    assert.ok(result.stdout.split('\n').length >= 10, result.stdout);
    assertClean('stdout', result.stdout);
    assertClean('stderr', result.stderr);
    assertClean('streamed lines', lines.join('\n'));
    const error = await driver.run({ ...request, command: `S=${quote(SECRET)}; ${ECHO_ALL} >&2; exit 9`, acceptedExitCodes: [0] }, live()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    assert.ok(error instanceof Error, 'the exit code fails the call');
    assert.match(error.message, 'exited with 9');
    assertClean('the error message', error.message);
    assertClean('the error stack', String(error.stack));
  } finally {
    await driver.close();
    await server.close();
  }
});

test('HTTP: in a header and the URL, echoed in the body, headers and an error', async () => {
  const web = await startServer((req, _body, res) => {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    res.setHeader('X-Echo', Buffer.from(token).toString('base64'));
    res.statusCode = req.url?.startsWith('/fail') ? 403 : 200;
    res.end(Object.values(spellings(token)).join('\n'));
  });
  const driver = new NodeHttpDriver({ retry: { attempts: 1, backoffMs: 0 } });
  try {
    const request = { method: 'GET' as const, headers: { Authorization: `Bearer ${SECRET}` }, timeoutMs: 5_000, secrets: [SECRET] };
    const ok = await driver.request({ ...request, url: `${web.url}/ok` }, live());
    assert.match(ok.body, '***');
    assertClean('the body', ok.body);
    assertClean('the headers', JSON.stringify(ok.headers));
    const error = await driver
      .request({ ...request, url: `${web.url}/fail?key=${encodeURIComponent(SECRET)}`, expectStatus: [200] }, live())
      .then(() => undefined, (e: unknown) => e as Error);
    assert.ok(error instanceof Error);
    assert.match(error.message, 'answered 403');
    assertClean('the error message', error.message);
    assertClean('the error stack', String(error.stack));
    assertClean('the error target', String((error as { target?: string }).target));
  } finally {
    await web.close();
  }
});

test('hook: in an argument, logged, returned and thrown', async () => {
  const hook = writeHook(`
import type { HookContext } from 'metal-blueprint/hooks';
const all = (s: string) => [s, Buffer.from(s).toString('base64'), Buffer.from('user:' + s).toString('base64'), encodeURIComponent(s), JSON.stringify(s)];
export async function use(args: { token: string }, ctx: HookContext) {
  for (const v of all(args.token)) ctx.logger.info('using ' + v);
  console.log('printed ' + args.token);
  return { echoed: all(args.token), nested: { [args.token]: args.token } };
}
export async function fail(args: { token: string }) {
  throw new Error('rejected ' + JSON.stringify({ token: args.token }) + ' ' + Buffer.from(args.token).toString('base64'));
}
`);
  try {
    const outcome = await runHook(hook.call('use', { token: SECRET }, { secrets: [SECRET] }), live());
    assert.is(hook.logs.length, 6);
    assertClean('the logs', hook.logs.join('\n'));
    assertClean('the result', JSON.stringify(outcome.result));
    const error = await runHook(hook.call('fail', { token: SECRET }, { secrets: [SECRET] }), live()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    assert.ok(error instanceof Error);
    assert.match(error.message, 'threw: rejected');
    assertClean('the error message', error.message);
    assertClean('the error stack', String(error.stack));
    assertClean('the hook stack', String((error as { hookStack?: string }).hookStack));
  } finally {
    hook.dir.cleanup();
  }
});

test.run();
