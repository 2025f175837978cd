import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock, systemClock } from '../../runtime/clock/index.ts';

test('manual clock: time stands still until advanced, timers fire in due order', async () => {
  const clock = new ManualClock(100);
  const fired: string[] = [];
  void clock.sleep(300).then(() => fired.push(`b@${clock.now()}`));
  void clock.sleep(100).then(() => fired.push(`a@${clock.now()}`));
  void clock.sleep(300).then(() => fired.push(`c@${clock.now()}`));
  assert.is(clock.now(), 100);
  assert.is(clock.pending, 3);
  await clock.advance(150);
  assert.equal(fired, ['a@200']);
  assert.is(clock.now(), 250);
  await clock.advance(1000);
  assert.equal(fired, ['a@200', 'b@400', 'c@400']);
  assert.is(clock.now(), 1250);
});

test('manual clock: chained sleeps inside one advance all fire', async () => {
  const clock = new ManualClock();
  let steps = 0;
  const chain = (async () => {
    for (let i = 0; i < 5; i++) {
      await clock.sleep(10);
      steps++;
    }
  })();
  await clock.advance(45);
  assert.is(steps, 4);
  await clock.advance(5);
  await chain;
  assert.is(steps, 5);
});

test('manual clock: an aborted sleep rejects and leaves no timer', async () => {
  const clock = new ManualClock();
  const controller = new AbortController();
  const sleeping = clock.sleep(1000, controller.signal);
  controller.abort();
  let name = '';
  await sleeping.catch((e: Error) => (name = e.name));
  assert.is(name, 'AbortError');
  assert.is(clock.pending, 0);
  const pre = new AbortController();
  pre.abort();
  await clock.sleep(5, pre.signal).then(() => assert.unreachable('should reject'), () => undefined);
});

test('manual clock: runUntil jumps to each timer and fails when the promise is stuck', async () => {
  const clock = new ManualClock();
  const value = await clock.runUntil(clock.sleep(3_600_000).then(() => 'done'));
  assert.is(value, 'done');
  assert.is(clock.now(), 3_600_000);
  let message = '';
  await clock.runUntil(new Promise(() => undefined)).catch((e: Error) => (message = e.message));
  assert.match(message, /nothing left to fire/);
});

test('system clock: sleeps, and an abort rejects early', async () => {
  const start = Date.now();
  await systemClock.sleep(20);
  assert.ok(Date.now() - start >= 15);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 10);
  const t0 = Date.now();
  let name = '';
  await systemClock.sleep(10_000, controller.signal).catch((e: Error) => (name = e.name));
  assert.is(name, 'AbortError');
  assert.ok(Date.now() - t0 < 5_000);
});

test.run();
