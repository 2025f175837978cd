import crypto from 'node:crypto';
import type { Value } from '../../stdlib/index.ts';
import type { IfExists } from '../drivers/index.ts';
import type { SshCopySource } from '../drivers/ssh/index.ts';
import { StepError } from './errors.ts';
import type { NetworkRuntime } from './network-runtime.ts';
import { DRIVER_CALL_LIMIT_MS, sshTargetOf } from './ssh-target.ts';
import { stringArg } from './step-args.ts';
import type { RuntimeStepHandler } from './types.ts';
import { maskingOf } from './step-masking.ts';

const IF_EXISTS: readonly IfExists[] = ['error', 'overwrite', 'if-size-differs', 'ignore'];

/** `std.ssh.exec`: the command through the run's SSH pool; a refused exit code fails the step (the driver's policy). */
export function sshExec(net: NetworkRuntime): RuntimeStepHandler {
  return async (args, ctx) => {
    const target = sshTargetOf(args, ctx, net);
    const command = stringArg(args, 'command', ctx);
    const env = stringMap(args['env']);
    const codes = Array.isArray(args['allowed_exit_codes']) ? (args['allowed_exit_codes'] as Value[]).filter((c): c is number => typeof c === 'number') : [0];
    ctx.log(`ssh ${target.user}@${target.instance?.hostname ?? target.host}: running a command`);
    const result = await net.ssh.run(
      {
        ...target,
        command,
        timeoutMs: DRIVER_CALL_LIMIT_MS,
        env,
        acceptedExitCodes: codes,
        ...maskingOf(ctx),
        ...(typeof args['stdin'] === 'string' ? { stdin: args['stdin'] } : {}),
        onOutput: (stream, line) => ctx.log(`${stream}: ${line}`),
      },
      ctx.signal,
    );
    return { exit_code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  };
}

/** `std.ssh.copy`: an SFTP upload to a temporary name, renamed into place. */
export function sshCopy(net: NetworkRuntime): RuntimeStepHandler {
  return async (args, ctx) => {
    const target = sshTargetOf(args, ctx, net);
    const destination = stringArg(args, 'destination', ctx);
    const source = copySource(args);
    if (source === undefined) throw new StepError(`${ctx.stepId}: give one of source_file, content or source_url`);
    const ifExists = (args['if_exists'] ?? 'overwrite') as IfExists;
    if (!IF_EXISTS.includes(ifExists)) throw new StepError(`${ctx.stepId}: if_exists must be one of ${IF_EXISTS.join(', ')}`);
    const modeText = typeof args['mode'] === 'string' ? args['mode'] : '0644';
    const mode = Number.parseInt(modeText, 8);
    if (!/^[0-7]{3,4}$/.test(modeText)) throw new StepError(`${ctx.stepId}: mode "${modeText}" is not octal permission bits such as "0644"`);
    const result = await net.ssh.copyFile(
      {
        ...target,
        source,
        destination,
        ifExists,
        mode,
        timeoutMs: DRIVER_CALL_LIMIT_MS,
        ...maskingOf(ctx),
        ...(typeof args['owner'] === 'string' ? { owner: args['owner'] } : {}),
        ...(typeof args['sha256'] === 'string' ? { sha256: args['sha256'] } : {}),
      },
      ctx.signal,
    );
    ctx.log(`${result.copied ? 'copied' : 'kept the existing'} ${destination} (${result.bytes} bytes)`);
    const sha256 = result.sha256 ?? (source.kind === 'content' ? crypto.createHash('sha256').update(source.content).digest('hex') : '');
    return { path: destination, size: result.bytes, sha256, changed: result.copied };
  };
}

function copySource(args: Readonly<Record<string, Value>>): SshCopySource | undefined {
  if (typeof args['content'] === 'string') return { kind: 'content', content: args['content'] };
  if (typeof args['source_file'] === 'string') return { kind: 'file', path: args['source_file'] };
  if (typeof args['source_url'] === 'string') return { kind: 'url', url: args['source_url'] };
  return undefined;
}

export function stringMap(v: Value | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (v === undefined || v === null || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}
