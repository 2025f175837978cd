import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { format } from '../../compiler/format/index.ts';
import { caseInputs, expectedPath } from './inputs.ts';

// Golden cases: cases/NAME.mbp formats to cases/NAME.formatted.mbp.
// MBP_UPDATE_GOLDEN=1 rewrites the expected files from the current output.
const update = process.env.MBP_UPDATE_GOLDEN === '1';
const inputs = caseInputs();

test('there are golden cases', () => {
  assert.ok(inputs.length >= 8, `only ${inputs.length} cases found`);
});

for (const input of inputs) {
  const name = path.basename(input);
  test(`golden: ${name}`, () => {
    const text = fs.readFileSync(input, 'utf8');
    const result = format(text, name);
    assert.equal(result.diagnostics, [], 'a golden case must parse without problems');
    const expected = expectedPath(input);
    if (update) fs.writeFileSync(expected, result.text);
    assert.ok(fs.existsSync(expected), `missing ${path.basename(expected)}: run with MBP_UPDATE_GOLDEN=1`);
    assert.fixture(result.text, fs.readFileSync(expected, 'utf8'));
    assert.is(result.changed, result.text !== text);
  });

  test(`golden: ${name} formatted is a fixed point`, () => {
    const expected = fs.readFileSync(expectedPath(input), 'utf8');
    const again = format(expected, name);
    assert.is(again.changed, false);
    assert.fixture(again.text, expected);
  });
}

test.run();
