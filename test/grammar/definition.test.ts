import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grammarDefinitionProblems, parse } from '../../grammar/index.ts';

/**
 * The lexer and parser skip Chevrotain's definition checks when they are
 * built (start-up time); this runs them, so a grammar or token change that
 * Chevrotain would reject or warn about fails here instead.
 */
test('the token definitions and the grammar pass Chevrotain validation', () => {
  assert.equal(grammarDefinitionProblems(), []);
});

test('validating does not disturb the parser in use', () => {
  const before = parse('let a = [for x in xs: x.name]', 't.mbp');
  grammarDefinitionProblems();
  const after = parse('let a = [for x in xs: x.name]', 't.mbp');
  assert.equal(after.diagnostics, []);
  assert.equal(after.module, before.module);
});

test.run();
