import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runHook, type HookCall } from '../../runtime/hooks/index.ts';
import { createMasker } from '../../runtime/secrets/index.ts';
import { networkHandlers, type NetworkRuntime } from '../../runtime/steps/index.ts';
import { stepContext } from '../support/step-context.ts';
import { live, writeHook, type HookModule } from './hook-fixture.ts';

// A hook masks with the run's compiled masker (HookCall.masker), as SSH and
// HTTP steps do, instead of being handed every secret value the run has seen
// to compile again per call; `std.ts.call` passes it.
const masking = suite('hook masking with the run masker');

const RUN_SECRET = 'run-secret-7f3a9c';
const ARG_SECRET = 'arg-secret-b81e04';

const SOURCE = `
export async function echo(args: { token: string }, ctx: { logger: { info(line: string): void } }): Promise<{ seen: string }> {
  ctx.logger.info('token is ' + args.token);
  console.log('printed ' + args.token);
  return { seen: args.token };
}

export async function fail(args: { token: string }): Promise<never> {
  throw new Error('rejected ' + args.token);
}
`;

let hook: HookModule;
masking.before(() => {
  hook = writeHook(SOURCE);
});
masking.after(() => hook.dir.cleanup());

masking('the run masker masks logs, the result and errors, with no secret values passed', async () => {
  hook.logs.length = 0;
  const masker = createMasker([RUN_SECRET]);
  const outcome = await runHook(hook.call('echo', { token: RUN_SECRET }, { masker }), live());
  assert.equal(outcome.result, { seen: '***' });
  assert.ok(hook.logs.length >= 2, hook.logs.join('\n'));
  assert.not.ok(hook.logs.join('\n').includes(RUN_SECRET), hook.logs.join('\n'));
  const error = await runHook(hook.call('fail', { token: RUN_SECRET }, { masker }), live()).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.ok(error, 'the hook threw');
  assert.not.ok(`${error!.message}\n${error!.stack}`.includes(RUN_SECRET), error!.message);
});

masking('the run masker and the call\'s own secrets both apply', async () => {
  const outcome = await runHook(hook.call('echo', { token: `${RUN_SECRET}+${ARG_SECRET}` }, { masker: createMasker([RUN_SECRET]), secrets: [ARG_SECRET] }), live());
  assert.equal(outcome.result, { seen: '***+***' });
});

masking('negative control: without a masker nor secrets the value shows', async () => {
  const outcome = await runHook(hook.call('echo', { token: RUN_SECRET }), live());
  assert.equal(outcome.result, { seen: RUN_SECRET });
});

masking('std.ts.call hands the hook runner the run masker, not the run\'s secret values', async () => {
  const runMasker = createMasker([RUN_SECRET]);
  const calls: HookCall[] = [];
  const net = {
    hooks: {
      call: (c: HookCall, signal: AbortSignal) => {
        calls.push(c);
        return runHook(c, signal);
      },
    },
  } as unknown as NetworkRuntime;
  const lines: string[] = [];
  const ctx = stepContext('std.ts.call', { lines, secrets: [RUN_SECRET], masker: runMasker });
  const out = (await networkHandlers(net)['std.ts.call']!({ path: hook.file, export: 'echo', args: { token: RUN_SECRET } }, ctx)) as Record<string, unknown>;
  assert.is(calls.length, 1);
  assert.is(calls[0]!.masker, runMasker, 'the run masker itself, not a copy');
  assert.is(calls[0]!.secrets, undefined, 'no list of secret values');
  assert.equal(out['result'], { seen: '***' });
  assert.not.ok(lines.join('\n').includes(RUN_SECRET), lines.join('\n'));
});

masking.run();
