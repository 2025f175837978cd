// Hook module for hook-arguments.mbp: hooks whose parameter types the blueprint's arguments are checked against.
import type { HookContext, Instance } from 'metal-blueprint/hooks';

export interface DnsRecord {
  name: string;
  ttl: number;
  labels: string[];
  node?: Instance;
}

export async function register(args: DnsRecord, ctx: HookContext): Promise<void> {
  ctx.logger.info(`${args.name} ${args.ttl} ${args.labels.join(',')}`);
}

// Two overloads: arguments must fit one of them as a whole.
export async function lookup(args: { id: number }): Promise<void>;
export async function lookup(args: { name: string }): Promise<void>;
export async function lookup(args: { id: number } | { name: string }): Promise<void> {
  void args;
}
