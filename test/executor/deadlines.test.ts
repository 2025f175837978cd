import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { Deadlines } from '../../runtime/executor/index.ts';

// The steps' timeouts on one timer (runtime/executor/deadlines.ts): each
// fires at its own time, in order; a cancelled one never fires; and once none
// is left no timer is left waiting (a finished run must not keep the process
// alive until its longest timeout).

test('deadlines fire at their own time, in due order (ties in the order added), even when a later one was added first', async () => {
  const clock = new ManualClock();
  const deadlines = new Deadlines(clock);
  const fired: string[] = [];
  const at = (name: string) => () => void fired.push(`${name}@${clock.now()}`);
  deadlines.add(100, at('a'));
  deadlines.add(50, at('b'));
  deadlines.add(50, at('c'));
  await clock.advance(49);
  assert.equal(fired, []);
  await clock.advance(1);
  assert.equal(fired, ['b@50', 'c@50']);
  deadlines.add(10, at('d'));
  await clock.advance(100);
  assert.equal(fired, ['b@50', 'c@50', 'd@60', 'a@100']);
  assert.is(clock.pending, 0, 'nothing left armed');
});

test('a cancelled deadline never fires; with none left no timer waits', async () => {
  const clock = new ManualClock();
  const deadlines = new Deadlines(clock);
  let fired = 0;
  const cancelA = deadlines.add(1000, () => void fired++);
  const cancelB = deadlines.add(30_000, () => void fired++);
  assert.is(clock.pending, 1, 'one timer for both');
  cancelA();
  assert.is(clock.pending, 1, 'B still wanted');
  cancelB();
  cancelB();
  assert.is(clock.pending, 0, 'no timer once none is wanted');
  await clock.advance(60_000);
  assert.is(fired, 0);
});

test('thousands added and cancelled as steps end: the one still wanted fires on time, the rest never', async () => {
  const clock = new ManualClock();
  const deadlines = new Deadlines(clock);
  const fired: number[] = [];
  const keep = deadlines.add(5_000, () => void fired.push(clock.now()));
  for (let i = 0; i < 5_000; i++) {
    const cancel = deadlines.add(1_000 + i, () => void fired.push(-i));
    await clock.advance(0);
    cancel();
  }
  await clock.advance(10_000);
  assert.equal(fired, [5_000]);
  keep();
  assert.is(clock.pending, 0);
});

test.run();
