import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExecDriver, ExecTarget } from '../exec.ts';
import { abortedSignal, live, rejectsWithAbort, rejectsWithDriverError } from './expect.ts';
import { fixtureSuite, type FixtureContext } from './fixture-suite.ts';

export interface ExecFixture {
  readonly driver: ExecDriver;
  /** A host with a POSIX shell (echo, cat, exit, sleep). */
  readonly target: ExecTarget;
  /** A host nothing listens on. */
  readonly unreachable: ExecTarget;
  /** A writable directory on `target` for copy tests, without a trailing slash. */
  readonly scratchDir: string;
  dispose?(): Promise<void>;
}

/** The behaviour every ExecDriver must have; returns a uvu suite to `.run()`. */
export function execConformance(name: string, factory: () => Promise<ExecFixture>): Test<FixtureContext<ExecFixture>> {
  const { test, use } = fixtureSuite(`exec conformance: ${name}`, factory);
  const run = (f: ExecFixture, command: string, timeoutMs = 10_000, signal = live()) =>
    f.driver.run({ ...f.target, command, timeoutMs }, signal);

  test('a command returns its exit code and output', async (ctx) => {
    const f = use(ctx);
    assert.equal(await run(f, 'echo hello'), { exitCode: 0, stdout: 'hello\n', stderr: '' });
    const failed = await run(f, 'exit 3');
    assert.is(failed.exitCode, 3);
    const err = await run(f, 'echo oops >&2');
    assert.is(err.stderr, 'oops\n');
    assert.is(err.stdout, '');
  });

  test('a command over its time limit fails with timeout', async (ctx) => {
    const f = use(ctx);
    await rejectsWithDriverError(run(f, 'sleep 5', 150), 'timeout');
  });

  test('an aborted command rejects with AbortError', async (ctx) => {
    const f = use(ctx);
    const controller = new AbortController();
    const running = run(f, 'sleep 5', 10_000, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await rejectsWithAbort(running);
    await rejectsWithAbort(run(f, 'echo never', 10_000, abortedSignal()));
  });

  test('an unreachable host fails with unreachable naming it', async (ctx) => {
    const f = use(ctx);
    await rejectsWithDriverError(f.driver.run({ ...f.unreachable, command: 'true', timeoutMs: 5_000 }, live()), 'unreachable', f.unreachable.host);
  });

  test('copy writes content and honours ifExists', async (ctx) => {
    const f = use(ctx);
    const destination = `${f.scratchDir}/mbp-conformance.txt`;
    const copy = (content: string, ifExists: 'error' | 'overwrite' | 'if-size-differs' | 'ignore') =>
      f.driver.copy({ ...f.target, source: { kind: 'content', content }, destination, ifExists, timeoutMs: 10_000 }, live());
    const read = async (): Promise<string> => (await run(f, `cat ${destination}`)).stdout;

    assert.equal(await copy('abc', 'overwrite'), { copied: true, bytes: 3 });
    assert.is(await read(), 'abc');
    await rejectsWithDriverError(copy('abcd', 'error'), 'conflict', destination);
    assert.is((await copy('xyz', 'if-size-differs')).copied, false);
    assert.is(await read(), 'abc');
    assert.is((await copy('abcd', 'if-size-differs')).copied, true);
    assert.is(await read(), 'abcd');
    assert.is((await copy('zzzz-zzzz', 'ignore')).copied, false);
    assert.is(await read(), 'abcd');
    assert.is((await copy('new', 'overwrite')).copied, true);
    assert.is(await read(), 'new');
  });

  return test;
}
