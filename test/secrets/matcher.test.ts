import crypto from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MASK, maskSecrets, SecretMatcher } from '../../runtime/eval/index.ts';
import { createMasker, NO_SECRETS } from '../../runtime/secrets/index.ts';
import { leaksIn, spellings } from './leaks.ts';

test('overlapping values are masked as one stretch: no tail of either survives', () => {
  assert.is(maskSecrets('x abcdef y', ['abcd', 'cdef']), `x ${MASK} y`);
  // The shorter value starts first: masking it alone would leave most of the longer one.
  assert.is(maskSecrets('abcdefghij', ['abcd', 'bcdefghij']), MASK);
  assert.is(maskSecrets('abab', ['ab']), `${MASK}${MASK}`, 'adjacent occurrences stay two');
  assert.is(maskSecrets('a-b-a', ['a', 'b']), `${MASK}-${MASK}-${MASK}`, 'values shorter than the hashed prefix');
  assert.is(maskSecrets('nothing here', ['zzzz', 'q']), 'nothing here');
});

test('a view sees only what was added before it', () => {
  const m = new SecretMatcher().add(['first-secret']);
  const limit = m.size;
  m.add(['second-secret']);
  assert.is(m.mask('first-secret second-secret', limit), `${MASK} second-secret`);
  assert.is(m.mask('first-secret second-secret'), `${MASK} ${MASK}`);
  assert.equal(m.values(limit), ['first-secret']);
});

test('maskers extended from the same one do not see each other', () => {
  const base = createMasker(['base-secret']);
  const a = base.with(['alpha-secret']);
  const b = base.with(['bravo-secret']);
  const a2 = a.with(['alpha-two']);
  assert.is(base.mask('base-secret alpha-secret bravo-secret'), `${MASK} alpha-secret bravo-secret`);
  assert.is(a.mask('alpha-secret bravo-secret alpha-two'), `${MASK} bravo-secret alpha-two`);
  assert.is(b.mask('alpha-secret bravo-secret base-secret'), `alpha-secret ${MASK} ${MASK}`);
  assert.is(a2.mask('alpha-secret alpha-two bravo-secret'), `${MASK} ${MASK} bravo-secret`);
  // The shared empty masker lends its matcher to no one.
  const one = NO_SECRETS.with(['one-run-secret']);
  const two = NO_SECRETS.with(['other-run-secret']);
  assert.is(NO_SECRETS.mask('one-run-secret'), 'one-run-secret');
  assert.is(two.mask('one-run-secret other-run-secret'), `one-run-secret ${MASK}`);
  assert.is(one.mask('one-run-secret other-run-secret'), `${MASK} other-run-secret`);
});

test('thousands of secrets added one at a time, many sharing beginning and end: every spelling of each is still masked', () => {
  let masker = createMasker();
  const secrets: string[] = [];
  for (let i = 0; i < 2000; i++) {
    // Half of them shaped like private keys: a beginning and an end shared by all.
    const random = crypto.randomBytes(18).toString('base64url');
    const s = i % 2 === 0 ? random : `-----BEGIN OPENSSH PRIVATE KEY-----\n${random}\n-----END OPENSSH PRIVATE KEY-----\n`;
    secrets.push(s);
    masker = masker.with([s]);
  }
  for (const s of [secrets[0]!, secrets[999]!, secrets[1998]!, secrets[1999]!]) {
    for (const [name, form] of Object.entries(spellings(s))) {
      const masked = masker.mask(`key=${form};`);
      assert.equal(leaksIn(masked, s), [], `${name}: ${masked}`);
    }
  }
  const all = secrets.join(' ');
  assert.is(masker.mask(all), secrets.map(() => MASK).join(' '));
});

test.run();
