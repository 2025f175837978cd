import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configureFailpoints, failpoint, FailpointError, FailpointSpecError, parseFailpointSpec } from '../../runtime/failpoints/index.ts';

const CHILD = fileURLToPath(new URL('./helpers/hit-child.ts', import.meta.url));

function runChild(spec: string | undefined) {
  const env = { ...process.env };
  delete env.MBP_FAILPOINTS;
  if (spec !== undefined) env.MBP_FAILPOINTS = spec;
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD], { env, encoding: 'utf8' });
  return { stdout: r.stdout, signal: r.signal, status: r.status, stderr: r.stderr };
}

test.after.each(() => configureFailpoints(undefined));

test('parses every action', () => {
  const spec = parseFailpointSpec('a.b=pause(300), c=pause-once(5),d=throw,e=sigkill,f-g=sigkill-after(2),h=off');
  assert.equal(Object.fromEntries(spec), {
    'a.b': { kind: 'pause', ms: 300, once: false },
    c: { kind: 'pause', ms: 5, once: true },
    d: { kind: 'throw' },
    e: { kind: 'sigkill', after: 0 },
    'f-g': { kind: 'sigkill', after: 2 },
    h: { kind: 'off' },
  });
  assert.is(parseFailpointSpec('').size, 0);
});

test('rejects bad specs with a message naming the entry', () => {
  const cases: [string, RegExp][] = [
    ['x=explode', /unknown action "explode"/],
    ['x=pause', /pause needs \(argument\)/],
    ['x=throw(3)', /throw takes no \(argument\)/],
    ['x', /cannot read "x"/],
    ['x=throw,x=off', /x is given twice/],
  ];
  for (const [spec, re] of cases) {
    assert.throws(() => parseFailpointSpec(spec), (e: unknown) => e instanceof FailpointSpecError && re.test((e as Error).message));
  }
});

test('an unnamed failpoint does nothing; throw throws FailpointError naming the point', async () => {
  configureFailpoints('other=throw');
  await failpoint('test.point');
  configureFailpoints('test.point=throw');
  await failpoint('test.point').then(
    () => assert.unreachable('should have thrown'),
    (e: unknown) => {
      assert.instance(e, FailpointError);
      assert.match((e as Error).message, /test\.point/);
    },
  );
});

test('pause waits every time; pause-once only the first time', async () => {
  configureFailpoints('p=pause(60),q=pause-once(60)');
  const time = async (name: string) => {
    const t = performance.now();
    await failpoint(name);
    return performance.now() - t;
  };
  assert.ok((await time('p')) >= 55);
  assert.ok((await time('p')) >= 55);
  assert.ok((await time('q')) >= 55);
  // No wall-clock bound for "did not pause": a hit that returns at once settles
  // in microtasks, before any timer, however loaded the machine is.
  const immediate = new Promise((resolve) => setTimeout(() => resolve('paused'), 0));
  assert.is(await Promise.race([failpoint('q').then(() => 'returned'), immediate]), 'returned');
});

test('MBP_FAILPOINTS is read from the environment: nothing set, nothing happens', () => {
  const r = runChild(undefined);
  assert.is(r.stdout, 'passed 1\npassed 2\npassed 3\n');
  assert.is(r.status, 0);
});

test('sigkill kills the process at the first hit, with SIGKILL', () => {
  const r = runChild('test.point=sigkill');
  assert.is(r.stdout, '');
  assert.is(r.signal, 'SIGKILL');
});

test('sigkill-after(2) lets two hits pass and kills on the third', () => {
  const r = runChild('test.point=sigkill-after(2)');
  assert.is(r.stdout, 'passed 1\npassed 2\n');
  assert.is(r.signal, 'SIGKILL');
});

test('throw from the environment', () => {
  const r = runChild('test.point=throw');
  assert.match(r.stdout, /^threw 1: failpoint test\.point triggered/);
  assert.is(r.status, 0);
});

test.run();
