import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HookError, runHook } from '../../runtime/hooks/index.ts';
import { alive, live, writeHook, type HookModule } from './hook-fixture.ts';

let hook: HookModule | undefined;
test.after.each(() => {
  hook?.dir.cleanup();
  hook = undefined;
});

async function failureOf(promise: Promise<unknown>): Promise<HookError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.instance(error, HookError, `expected a HookError, got ${String(error)}`);
  return error as HookError;
}

test('a hook gets its arguments and context; its return value is the result', async () => {
  hook = writeHook(`
import type { HookContext, Instance } from 'metal-blueprint/hooks';
export async function register(args: { zone: string; hosts: string[] }, ctx: HookContext) {
  return { zone: args.zone, count: args.hosts.length, infra: ctx.infrastructure, host: ctx.instance?.hostname ?? null, aborted: ctx.signal.aborted };
}
export default async function () { return 'default export'; }
`);
  const instance = { index: 2, hostname: 'wk-2', ipv4: '10.0.0.2', ipv6: '', server: { id: 's', serial: 'x', type: 't', rack: 'r' }, vars: {} };
  const outcome = await runHook(hook.call('register', { zone: 'edge.example', hosts: ['a', 'b'] }, { context: { infrastructure: 'edge', instance } }), live());
  assert.equal(outcome, { result: { zone: 'edge.example', count: 2, infra: 'edge', host: 'wk-2', aborted: false } });
  assert.equal(await runHook(hook.call('default'), live()), { result: 'default export' });
});

test('a hook returning nothing gives null; a result that is not JSON fails naming the part', async () => {
  hook = writeHook(`
export async function nothing() {}
export async function dated() { return { at: new Date(0) }; }
export function nan() { return [1, NaN]; }
`);
  assert.equal(await runHook(hook.call('nothing'), live()), { result: null });
  const dated = await failureOf(runHook(hook.call('dated'), live()));
  assert.is(dated.kind, 'invalid-result');
  assert.match(dated.message, 'result.at is a Date');
  assert.match((await failureOf(runHook(hook.call('nan'), live()))).message, 'result[1] is NaN');
});

test('a thrown error fails with its message and the stack in the user module', async () => {
  hook = writeHook(
    [
      'function check(zone: string): void {',
      '  if (zone === "") {',
      '    throw new Error("zone must not be empty");',
      '  }',
      '}',
      'export async function register(args: { zone: string }) {',
      '  check(args.zone);',
      '  return {};',
      '}',
      '',
    ].join('\n'),
    'dns-hook.ts',
  );
  const error = await failureOf(runHook(hook.call('register', { zone: '' }, {}), live(), { cwd: hook.dir.path }));
  assert.is(error.kind, 'threw');
  assert.ok(error.retryable);
  assert.match(error.message, 'hook register in dns-hook.ts threw: zone must not be empty');
  assert.equal(error.location, { file: 'dns-hook.ts', line: 3, column: 11 });
  assert.match(error.message, 'at check (dns-hook.ts:3:11)');
  assert.match(error.message, 'at register (dns-hook.ts:7:3)');
  assert.not.match(error.message, 'child-main');
  assert.not.match(error.message, 'node_modules');
  assert.is(error.hookStack?.split('\n').length, 2);
});

test('a missing export and a module that does not load are reported as such', async () => {
  hook = writeHook('export async function one() { return 1; }\nexport const notAFunction = 3;\n');
  const missing = await failureOf(runHook(hook.call('two'), live()));
  assert.is(missing.kind, 'not-found');
  assert.not.ok(missing.retryable);
  assert.match(missing.message, 'no exported function "two" (exported functions: one)');
  const broken = writeHook('export async function x( { return 1 }\n');
  try {
    const error = await failureOf(runHook(broken.call('x'), live()));
    assert.is(error.kind, 'load-failed');
  } finally {
    broken.dir.cleanup();
  }
});

test('a hook past its time limit is aborted, then its process killed', async () => {
  hook = writeHook(`
export async function spin(_args: {}, ctx: import('metal-blueprint/hooks').HookContext) {
  ctx.logger.info('pid ' + process.pid);
  await new Promise((r) => setTimeout(r, 100));
  for (;;) {} // ignores ctx.signal: only killing stops it
}
export async function polite(_args: {}, ctx: import('metal-blueprint/hooks').HookContext) {
  ctx.signal.addEventListener('abort', () => { ctx.logger.warn('stopping: ' + String(ctx.signal.reason?.message)); });
  await new Promise((r) => setTimeout(r, 60_000));
}
`);
  const started = Date.now();
  // The limit leaves room for the child to start (tsx) on a busy machine.
  const error = await failureOf(runHook(hook.call('spin', {}, { timeoutMs: 5_000 }), live(), { killGraceMs: 300 }));
  assert.is(error.kind, 'timeout');
  assert.match(error.message, 'did not finish within 5000 ms; its process was killed');
  assert.ok(Date.now() - started < 10_000);
  const pid = Number(/pid (\d+)/.exec(hook.logs.join('\n'))?.[1]);
  assert.ok(pid > 0, `the hook logged its pid: ${hook.logs.join(' | ')}`);
  assert.not.ok(alive(pid), 'the hook process is gone');

  hook.logs.length = 0;
  await failureOf(runHook(hook.call('polite', {}, { timeoutMs: 5_000 }), live(), { killGraceMs: 1_000 }));
  assert.ok(hook.logs.includes('warn: stopping: the hook timed out'), hook.logs.join(' | '));
});

test('the caller\'s abort stops the hook and rejects with its reason', async () => {
  hook = writeHook('export async function wait() { await new Promise((r) => setTimeout(r, 60_000)); }\n');
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('interrupted', 'AbortError')), 1_500);
  const error = await runHook(hook.call('wait'), controller.signal, { killGraceMs: 200 }).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof DOMException && error.message === 'interrupted', String(error));
});

test('a hook that exits on its own is a crash, with its last words', async () => {
  hook = writeHook('export async function quit() { console.error("giving up"); process.exit(7); }\n');
  const error = await failureOf(runHook(hook.call('quit'), live()));
  assert.is(error.kind, 'crashed');
  assert.match(error.message, 'exited with code 7 before returning');
  assert.match(error.message, 'giving up');
});

test('logger lines and printed output stream back as log lines', async () => {
  hook = writeHook(`
import type { HookContext } from 'metal-blueprint/hooks';
export async function chatty(_args: {}, ctx: HookContext) {
  ctx.logger.info('starting');
  ctx.logger.warn('two\\nlines');
  ctx.logger.error('bad thing');
  console.log('printed');
  console.error('complained');
  return 'done';
}
`);
  const outcome = await runHook(hook.call('chatty'), live());
  assert.is(outcome.result, 'done');
  assert.equal([...hook.logs].sort(), ['error: bad thing', 'info: printed', 'info: starting', 'warn: complained', 'warn: lines', 'warn: two'].sort());
});

test('secrets in the environment do not reach the hook', async () => {
  hook = writeHook('export function env() { return { secret: process.env.MBP_SECRET_TOKEN ?? null, other: process.env.MBP_OTHER ?? null }; }\n');
  const outcome = await runHook(hook.call('env'), live(), { env: { ...process.env, MBP_SECRET_TOKEN: 'x', MBP_OTHER: 'y' } });
  assert.equal(outcome.result, { secret: null, other: 'y' });
});

test.run();
