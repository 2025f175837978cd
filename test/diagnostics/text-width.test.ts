import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { displayWidth, layoutLine } from '../../compiler/diagnostics/index.ts';

test('tabs expand to the next tab stop', () => {
  assert.equal(layoutLine('\tx', 4).map((g) => g.width), [4, 1]);
  assert.equal(layoutLine('ab\tx', 4).map((g) => g.width), [1, 1, 2, 1]);
  assert.is(layoutLine('ab\tx', 4)[2]!.text, '  ');
  assert.is(displayWidth('abcd\t', 4), 8);
  assert.is(displayWidth('\t', 8), 8);
});

test('wide characters take two cells, combining marks and joined emoji stay one glyph', () => {
  assert.is(displayWidth('日本語'), 6);
  assert.is(displayWidth('ｆｕｌｌ'), 8);
  assert.is(displayWidth('한국'), 4);
  assert.is(displayWidth('😀'), 2);
  assert.is(displayWidth('e\u0301'), 1);
  assert.is(displayWidth('👩‍💻'), 2);
  assert.is(displayWidth('🇫🇷'), 2);
  assert.is(displayWidth('é ü ñ'), 5);
});

test('glyph indexes are UTF-16 offsets into the line', () => {
  const glyphs = layoutLine('a😀b');
  assert.equal(glyphs.map((g) => [g.index, g.length]), [[0, 1], [1, 2], [3, 1]]);
});

test('control and format characters become one visible cell', () => {
  assert.equal(layoutLine('\x00\x1b\x7f').map((g) => g.text), ['␀', '␛', '␡']);
  assert.equal(layoutLine('\u202E\u200B').map((g) => [g.text, g.width]), [['\uFFFD', 1], ['\uFFFD', 1]]);
  assert.equal(layoutLine('\u0085').map((g) => g.text), ['\uFFFD']);
});

test.run();
