import type { Value } from '../../stdlib/index.ts';
import type { ExecTarget } from '../drivers/index.ts';
import { StepError } from './errors.ts';
import type { NetworkRuntime, SshInstance } from './network-runtime.ts';
import type { StepContext } from './types.ts';

/** Where a `std.ssh.*` or `std.wait.until_ssh` step connects, as whom, and which host key it trusts. */
export function sshTargetOf(args: Readonly<Record<string, Value>>, ctx: StepContext, net: NetworkRuntime): ExecTarget & { readonly instance?: SshInstance } {
  const target = args['target'];
  const port = typeof args['port'] === 'number' ? args['port'] : 22;
  const user = typeof args['user'] === 'string' ? args['user'] : 'root';
  const given = typeof args['host_key'] === 'string' ? args['host_key'] : undefined;
  if (typeof target === 'string') {
    if (target === '') throw new StepError(`${ctx.stepId}: the SSH target is an empty string`);
    const auth = net.credentialFor(undefined);
    return { host: target, port, user, ...(given !== undefined ? { hostKey: given } : {}), ...(auth ? { auth } : {}) };
  }
  const instance = net.instanceOf(target);
  if (instance === undefined) throw new StepError(`${ctx.stepId}: the SSH target is not an instance this run knows, nor an address`);
  const endpoint = net.endpointOf(instance, port);
  if (endpoint.host === '') throw new StepError(`${ctx.stepId}: instance ${instance.hostname} has no IPv4 address to connect to`);
  const hostKey = given ?? net.pinnedHostKey(instance);
  const auth = net.credentialFor(instance);
  return { host: endpoint.host, port: endpoint.port, user, instance, ...(hostKey !== undefined ? { hostKey } : {}), ...(auth ? { auth } : {}) };
}

/** The drivers' own limit on one call; the step's timeout (its signal) usually ends it first. */
export const DRIVER_CALL_LIMIT_MS = 6 * 60 * 60_000;
