import path from 'node:path';
import type { JsonValue } from '../../stdlib/hooks-api/index.ts';
import { instanceHookValue } from './hook-instance.ts';
import type { NetworkRuntime } from './network-runtime.ts';
import { objectArg, stringArg } from './step-args.ts';
import { maskingOf } from './step-masking.ts';
import type { RuntimeStepHandler } from './types.ts';

/** `std.ts.call`: the exported function in a child process (runtime/hooks); its JSON return value is the `result` output. */
export function tsCall(net: NetworkRuntime): RuntimeStepHandler {
  return async (args, ctx) => {
    // The plan holds the module path relative to the working directory (compiler/lower/step-args.ts).
    const modulePath = path.resolve(stringArg(args, 'path', ctx));
    const exportName = stringArg(args, 'export', ctx);
    const callArgs = objectArg(args, 'args', ctx) as JsonValue;
    const outcome = await net.hooks.call(
      {
        modulePath,
        exportName,
        args: callArgs,
        context: { infrastructure: ctx.infrastructure, ...(ctx.instance ? { instance: instanceHookValue(ctx.instance) } : {}) },
        timeoutMs: typeof args['timeout'] === 'number' ? args['timeout'] : 300_000,
        ...maskingOf(ctx),
        log: (level, line) => ctx.log(level === 'info' ? line : `${level}: ${line}`),
      },
      ctx.signal,
    );
    return { result: outcome.result as never };
  };
}
