import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lit, secretRef, stepOutput } from '../../compiler/plan/index.ts';
import { chainSecrets, envSecrets, fileSecrets, PlanRunContext, SecretsFileError } from '../../runtime/apply/index.ts';
import { journalObserver, JournalWriter, runEndOf } from '../../runtime/journal/index.ts';
import type { RuntimeStepHandler } from '../../runtime/steps/index.ts';
import { withTempDirAsync } from '../support/index.ts';
import { convert, miniPlan, planStep, recorder } from './helpers.ts';

// Characters that every encoding spells differently.
const TOKEN = 's3cr3t/"pa ss"+é&x=1';
const forms = (v: string): Record<string, string> => ({
  raw: v,
  base64: Buffer.from(v).toString('base64'),
  base64url: Buffer.from(v).toString('base64url'),
  url: encodeURIComponent(v),
  json: JSON.stringify(v).slice(1, -1),
});

function assertNoSecret(text: string, what: string): void {
  for (const [form, value] of Object.entries(forms(TOKEN))) {
    assert.not.ok(text.includes(value), `${what} shows the secret (${form}): ${text}`);
  }
}

/** Echoes its `auth` argument back in every encoding, in outputs and log lines, then optionally fails quoting it. */
const leaky =
  (failing: boolean): RuntimeStepHandler =>
  async (args, ctx) => {
    const auth = String(args.auth);
    const token = auth.replace(/^Bearer /, '');
    const echoed = forms(token);
    for (const [form, value] of Object.entries(echoed)) ctx.log(`${form}: ${value}`);
    if (failing) throw Object.assign(new Error(`server said 401 for ${auth} (${echoed.base64}, ${echoed.url}, ${echoed.json})`), { target: auth });
    return { ...echoed, header: auth, nested: { list: [token] }, [token]: 'as a key' };
  };

test('a secret in step arguments never shows in outputs, logs, errors or the journal, in any encoding', async () => {
  await withTempDirAsync(async (dir) => {
    const plan = miniPlan([
      planStep({ id: 'edge/pre_deploy/login/call', kind: 'test.leaky', args: { auth: { interpolate: ['Bearer ', secretRef('api_token')] } } }),
      planStep({ id: 'edge/pre_deploy/login/again', kind: 'test.failing', args: { auth: { interpolate: ['Bearer ', secretRef('api_token')] } } }),
      planStep({ id: 'edge/pre_deploy/login/use', kind: 'test.use', needs: ['edge/pre_deploy/login/call'], args: { seen: stepOutput('edge/pre_deploy/login/call', 'header') } }),
    ]);
    const journal = await JournalWriter.create(dir, { runId: '20250101T000000Z-abcdef', command: ['mbp', 'apply'] });
    const use = recorder();
    const context = new PlanRunContext({ secrets: { get: (n) => (n === 'api_token' ? TOKEN : undefined) } });
    const c = convert(plan, {
      context,
      handlers: { 'test.leaky': leaky(false), 'test.failing': leaky(true), 'test.use': use },
      observers: [journalObserver(journal, { maskOutputs: context.maskOutputs })],
    });
    const result = await c.run();
    await journal.end(runEndOf(result, Date.now()));

    assert.is(result.nodes.get('edge/pre_deploy/login/call')?.outcome, 'succeeded');
    assert.is(result.nodes.get('edge/pre_deploy/login/again')?.outcome, 'failed');
    assertNoSecret(JSON.stringify([...result.nodes.values()]), 'the results');
    assertNoSecret(JSON.stringify(c.events), 'the events');
    const text = fs.readFileSync(path.join(dir, 'runs', '20250101T000000Z-abcdef.jsonl'), 'utf8');
    assertNoSecret(text, 'the journal');
    // What was masked is still there as ***, so the person sees that something was hidden.
    assert.match(result.nodes.get('edge/pre_deploy/login/again')?.error ?? '', /server said 401 for \*\*\* \(\*\*\*, \*\*\*, \*\*\*\)/);
    assert.ok(text.includes('"line":"raw: ***"'), text);
    // The output built from the secret is marked secret for whatever reads it.
    assert.ok(context.secretOutputs.has('edge/pre_deploy/login/call'));
    assert.is(use.calls.length, 1);
  });
});

test('a value a handler generates (a private key) is masked from the moment it is handed over', async () => {
  const plan = miniPlan([planStep({ id: 'edge/k/gen', kind: 'test.gen' }), planStep({ id: 'edge/k/show', kind: 'test.show', needs: ['edge/k/gen'] })]);
  const key = 'PRIVATE-KEY-MATERIAL-0123456789';
  const c = convert(plan, {
    handlers: {
      'test.gen': async (_a, ctx) => {
        ctx.addSecret(key);
        ctx.log(`generated ${key}`);
        return { fingerprint: 'SHA256:abc' };
      },
      'test.show': async (_a, ctx) => {
        ctx.log(`still ${key}`);
        return { copy: key };
      },
    },
  });
  const result = await c.run();
  assert.equal(result.nodes.get('edge/k/show')?.outputs, { copy: '***' });
  assert.equal(
    c.events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.line : '')),
    ['generated ***', 'still ***'],
  );
});

test('a secret with no value fails the step with how to give one, and nothing else', async () => {
  const plan = miniPlan([planStep({ id: 'edge/s/x', kind: 'test.use', args: { t: secretRef('join_token') } }), planStep({ id: 'edge/s/y', kind: 'test.use', args: { t: lit(1) } })]);
  const use = recorder();
  const result = await convert(plan, { handlers: { 'test.use': use } }).run();
  assert.is(result.nodes.get('edge/s/x')?.outcome, 'failed');
  assert.match(result.nodes.get('edge/s/x')?.error ?? '', /secret `join_token` has no value: set MBP_SECRET_JOIN_TOKEN or pass it in a --secrets file/);
  assert.equal(use.calls, [{ t: 1 }]);
});

test('sensitive params are masked like secrets', async () => {
  const plan = miniPlan([planStep({ id: 'edge/p/x', kind: 'test.echo', args: { p: { interpolate: ['pw=', { ref: ['param', 'db_password'] }] } } })], {
    params: { db_password: { type: 'string', value: 'correct-horse', given: true, sensitive: true } },
  });
  const result = await convert(plan, { handlers: { 'test.echo': async (a) => ({ echoed: a.p as string }) } }).run();
  assert.equal(result.nodes.get('edge/p/x')?.outputs, { echoed: 'pw=***' });
});

test('secret sources: MBP_SECRET_<NAME>, a --secrets JSON file, the file first', () => {
  const env = envSecrets({ MBP_SECRET_JOIN_TOKEN: 'from-env', MBP_SECRET_OTHER: 'o' });
  assert.is(env.get('join_token'), 'from-env');
  assert.is(env.get('missing'), undefined);
  const file = fileSecrets('/s.json', () => '{ "join_token": "from-file" }');
  assert.is(chainSecrets(file, env).get('join_token'), 'from-file');
  assert.is(chainSecrets(file, env).get('other'), 'o');
  assert.throws(() => fileSecrets('/s.json', () => '{ "n": 5 }'), (e: Error) => e instanceof SecretsFileError && /secret `n` in \/s.json must be a string/.test(e.message));
  assert.throws(() => fileSecrets('/s.json', () => 'n=5'), (e: Error) => /is not JSON/.test(e.message) && !e.message.includes('n=5'));
  assert.throws(
    () =>
      fileSecrets('/nope.json', () => {
        throw Object.assign(new Error('x'), { code: 'ENOENT' });
      }),
    /cannot read the secrets file \/nope.json: ENOENT/,
  );
});

test.run();
