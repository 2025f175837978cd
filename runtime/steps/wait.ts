import { formatDuration } from '../../stdlib/index.ts';
import { numberArg } from './step-args.ts';
import type { RuntimeStepHandler } from './types.ts';

/** `std.wait.duration`: sleeps on the runtime's clock; an abort (timeout, Ctrl-C) ends it. */
export const waitDuration: RuntimeStepHandler = async (args, ctx) => {
  const ms = numberArg(args, 'duration', ctx);
  const { clock } = ctx.runtime;
  const start = clock.now();
  ctx.log(`waiting ${formatDuration(ms)}`);
  await clock.sleep(ms, ctx.signal);
  return { elapsed: clock.now() - start };
};
