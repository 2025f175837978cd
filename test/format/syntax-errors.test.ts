import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { format } from '../../compiler/format/index.ts';

// Like `terraform fmt`: a file that does not parse is returned exactly as it
// came, with the parser's diagnostics, whatever else in it needs formatting.

const BROKEN: Readonly<Record<string, string>> = {
  'unclosed brace': 'let   a=1\ninfrastructure edge {\n    datacenter="dc"\n',
  'stray closing brace': 'let a = 1\n}\nlet   b=2\n',
  'hash comment': 'infrastructure edge {\n  # not a comment here\n  datacenter   = "dc"\n}\n',
  'unterminated string': 'let a = "open\nlet   b=2\n',
  'unknown unit': 'let timeout   =   30sec\n',
  'missing value': 'infrastructure edge {\n  datacenter =\n}\n',
  'attribute at the top level': 'datacenter = "dc"\nlet   b=2\n',
  'unterminated block comment': 'let   a=1 /* never closed\n',
  'CRLF with an error': 'let a = [1,\r\n  2\r\nlet   b=2\r\n',
};

for (const [name, text] of Object.entries(BROKEN)) {
  test(`${name}: returned unchanged, with its errors`, () => {
    const result = format(text, 'broken.mbp');
    assert.is(result.text, text);
    assert.is(result.changed, false);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    assert.ok(errors.length > 0, 'the syntax error is reported');
    for (const d of errors) {
      assert.match(d.code, /^MBP10[0-4]\d$/);
      assert.is(d.file, 'broken.mbp');
    }
  });
}

test('the same file, once fixed, is formatted', () => {
  const result = format('let   b=2\n', 'fixed.mbp');
  assert.is(result.text, 'let b = 2\n');
  assert.is(result.changed, true);
  assert.equal(result.diagnostics, []);
});

test('an empty file and a file of comments only', () => {
  assert.equal(format('', 'e.mbp'), { text: '', diagnostics: [], changed: false });
  assert.equal(format('\n\n  \n', 'e.mbp'), { text: '', diagnostics: [], changed: true });
  const comments = format('  // just a note   \n\n\n/* and a block */', 'c.mbp');
  assert.is(comments.text, '// just a note\n\n/* and a block */\n');
});

test.run();
