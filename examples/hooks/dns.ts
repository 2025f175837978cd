// A TypeScript hook for empty-infrastructure.mbp. `mbp check` type-checks the
// blueprint's arguments against `PublishArgs`: string and ip become `string`,
// duration becomes milliseconds (`number`), map(ip) becomes `Record<string, string>`.
import type { HookContext } from 'metal-blueprint/hooks';

export interface PublishArgs {
  readonly zone: string;
  /** Milliseconds. */
  readonly ttl: number;
  /** Record name → address. */
  readonly records: Readonly<Record<string, string>>;
  readonly token: string;
}

export async function publishRecords(args: PublishArgs, ctx: HookContext): Promise<{ published: number }> {
  const names = Object.keys(args.records).sort();
  for (const name of names) {
    const response = await fetch(`https://dns.example/v1/zones/${args.zone}/records/${name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${args.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'A', address: args.records[name], ttl: Math.round(args.ttl / 1000) }),
      signal: ctx.signal,
    });
    if (!response.ok) throw new Error(`publishing ${name}.${args.zone} failed: HTTP ${response.status}`);
    ctx.logger.info(`published ${name}.${args.zone}`);
  }
  return { published: names.length };
}
