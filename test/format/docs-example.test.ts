import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { format } from '../../compiler/format/index.ts';
import { ROOT } from './inputs.ts';

// The before/after example of docs/language.md, "Formatting", must be what the formatter does.

function formattingExample(): { before: string; after: string } {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/language.md'), 'utf8');
  const section = doc.slice(doc.indexOf('\n## Formatting\n'));
  const example = /An example: the formatter turns\s+```text\n([\s\S]*?)```\s+into\s+```mbp\n([\s\S]*?)```/.exec(section);
  assert.ok(example, 'the Formatting section of docs/language.md has its before/after example');
  return { before: example[1]!, after: example[2]! };
}

test('the documented example formats as documented', () => {
  const { before, after } = formattingExample();
  assert.is.not(before, after);
  const result = format(before, 'example.mbp');
  assert.equal(result.diagnostics, []);
  assert.fixture(result.text, after);
  assert.is(format(after, 'example.mbp').changed, false);
});

test.run();
