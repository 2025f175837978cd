// Hook module for hook-exports.mbp: exports of every shape a hook path may name.
import type { HookContext } from 'metal-blueprint/hooks';

export async function register(args: { host: string }, ctx: HookContext): Promise<void> {
  ctx.logger.info(args.host);
}
export async function noParams(): Promise<void> {}
export async function tooMany(args: { host: string }, ctx: HookContext, extra: number): Promise<void> {
  ctx.logger.info(`${args.host} ${extra}`);
}
export const retries = 3;
