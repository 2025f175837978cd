import type { Instance, JsonValue } from '../../stdlib/hooks-api/index.ts';
import type { ResolvedInstance } from './types.ts';

/** The `Instance` a hook's context carries, as the `instance` value of the language shows it. */
export function instanceHookValue(i: ResolvedInstance): Instance {
  const first = (family: 'ipv4' | 'ipv6'): string => i.addresses.find((a) => a.family === family)?.ip ?? '';
  return { index: i.index, hostname: i.hostname, ipv4: first('ipv4'), ipv6: first('ipv6'), server: { ...i.server }, vars: i.vars as Readonly<Record<string, JsonValue>> };
}
