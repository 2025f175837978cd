import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MASK } from '../../runtime/eval/index.ts';
import { createMasker, NO_SECRETS, secretForms } from '../../runtime/secrets/index.ts';
import { leaksIn, spellings } from './leaks.ts';

const SECRET = 'Tk9/"pa ss+wörd&x=1';

test('every spelling of a secret is masked, wherever it sits in the text', () => {
  const masker = createMasker([SECRET]);
  for (const [name, form] of Object.entries(spellings(SECRET))) {
    for (const around of [['', ''], ['prefix ', ' suffix'], ['a', 'b'], ['xy', '']]) {
      const text = `${around[0]}${form}${around[1]}`;
      const masked = masker.mask(text);
      assert.equal(leaksIn(masked, SECRET), [], `${name} in ${JSON.stringify(text)} → ${masked}`);
      assert.match(masked, MASK);
    }
  }
});

test('base64 is caught at each alignment inside a longer encoded text', () => {
  const masker = createMasker(['correct-horse']);
  for (const prefix of ['', 'a', 'ab', 'abc', 'user:', 'Authorization token ']) {
    const encoded = Buffer.from(`${prefix}correct-horse and more`).toString('base64');
    const masked = masker.mask(encoded);
    assert.match(masked, MASK, `prefix ${JSON.stringify(prefix)}: ${encoded}`);
    // What is left decodes to no more than a couple of the secret's characters.
    assert.not.match(Buffer.from(masked.replace(/\*+/g, ''), 'base64').toString('latin1'), 'horse');
  }
});

test('short values are masked raw only; empty values never', () => {
  assert.equal(secretForms(''), []);
  assert.equal(secretForms('a'), ['a']);
  const forms = secretForms('ab"c');
  assert.ok(forms.includes('ab\\"c'));
  assert.ok(forms.every((f) => f === 'ab"c' || f.length >= 4));
  assert.is(createMasker(['']).mask('nothing'), 'nothing');
  assert.ok(NO_SECRETS.empty);
});

test('JSON values, errors and extended maskers', () => {
  const masker = createMasker(['hunter2']);
  assert.equal(masker.maskJson({ a: ['x hunter2', 3, null], hunter2: true }), { a: [`x ${MASK}`, 3, null], [MASK]: true });
  const error = new Error('login with hunter2 failed', { cause: new Error('hunter2') });
  const same = masker.maskError(error);
  assert.is(same, error);
  assert.is(error.message, `login with ${MASK} failed`);
  assert.not.match(String(error.stack), 'hunter2');
  assert.is('cause' in error, false);
  const more = masker.with(['swordfish']);
  assert.is(more.mask('hunter2 swordfish'), `${MASK} ${MASK}`);
  assert.is(masker.mask('swordfish'), 'swordfish', 'the original is unchanged');
});

test.run();
