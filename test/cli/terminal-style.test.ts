import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { terminalStyle } from '../../cli/terminal-style.ts';

const tty = { write: () => {}, isTTY: true };
const pipe = { write: () => {}, isTTY: false };

test('colour exactly on a TTY by default', () => {
  assert.is(terminalStyle(tty, {}).color, true);
  assert.is(terminalStyle(pipe, {}).color, false);
});

test('NO_COLOR with any value, even empty or "0", turns colour off', () => {
  for (const value of ['1', '0', 'false', '']) assert.is(terminalStyle(tty, { NO_COLOR: value }).color, false, `NO_COLOR=${value}`);
  assert.is(terminalStyle(tty, { NO_COLOR: '1', FORCE_COLOR: '1' }).color, false);
});

test('--no-color wins over everything', () => {
  assert.is(terminalStyle(tty, { FORCE_COLOR: '1' }, false).color, false);
});

test('FORCE_COLOR turns colour on without a TTY unless it is 0/false/empty', () => {
  assert.is(terminalStyle(pipe, { FORCE_COLOR: '1' }).color, true);
  assert.is(terminalStyle(pipe, { FORCE_COLOR: 'true' }).color, true);
  assert.is(terminalStyle(tty, { FORCE_COLOR: '0' }).color, false);
  assert.is(terminalStyle(tty, { FORCE_COLOR: 'false' }).color, false);
  assert.is(terminalStyle(tty, { FORCE_COLOR: '' }).color, true);
});

test('CI=true changes nothing by itself; TERM=dumb means no colour and an ASCII frame', () => {
  assert.is(terminalStyle(tty, { CI: 'true' }).color, true);
  assert.is(terminalStyle(pipe, { CI: 'true' }).color, false);
  assert.equal(terminalStyle(tty, { TERM: 'dumb' }), { color: false, ascii: true });
  assert.equal(terminalStyle(tty, { TERM: 'xterm-256color' }), { color: true, ascii: false });
});

test.run();
