import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chainMaskers, createMasker } from '../../runtime/secrets/index.ts';

// A driver request's masker: the run's compiled masker, used as it is, then
// the request's own values (a password on its target). Neither is copied or
// extended: extending the run's masker in place would make the run copy its
// whole matcher on its next secret, once per request.

test('masks the run\'s values and the request\'s own, in every form, and leaves the run masker as it was', () => {
  const run = createMasker(['run-secret-token-1', 'run-secret-token-2']);
  const own = createMasker(['hunter2-password']);
  const m = chainMaskers(run, own);
  assert.is(m.mask('a run-secret-token-2 b hunter2-password c'), 'a *** b *** c');
  assert.is(m.mask(Buffer.from('user:hunter2-password').toString('base64')).includes(Buffer.from('hunter2-password').toString('base64').slice(4, 12)), false);
  assert.equal(m.maskJson({ k: 'run-secret-token-1', n: 1 }), { k: '***', n: 1 });
  const e = m.maskError(new Error('failed with hunter2-password and run-secret-token-1'));
  assert.is(e.message, 'failed with *** and ***');
  // The request's values stay the request's.
  assert.is(run.mask('hunter2-password'), 'hunter2-password', 'negative control: the run masker alone does not know it');
  const more = m.with(['another-request-value']);
  assert.is(more.mask('another-request-value run-secret-token-1'), '*** ***');
  assert.is(run.mask('another-request-value'), 'another-request-value');
});

test('an empty side is skipped: the other masker itself is returned', () => {
  const run = createMasker(['run-secret-token-1']);
  assert.is(chainMaskers(run, createMasker()), run);
  const own = createMasker(['x-password-1']);
  assert.is(chainMaskers(createMasker(), own), own);
});

test.run();
