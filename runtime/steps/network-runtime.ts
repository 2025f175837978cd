import type { CopyResult, ExecResult, HttpResponse } from '../drivers/index.ts';
import type { SshCopyRequest, SshExecRequest } from '../drivers/ssh/index.ts';
import type { NodeHttpRequest } from '../drivers/http/index.ts';
import type { HookCall, HookOutcome } from '../hooks/index.ts';

/** Where an instance answers SSH: its first IPv4 on port 22, unless a test stands in for it. */
export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
}

/** The instance facts the SSH kinds need to reach it (from the `instance` value or the run's facts). */
export interface SshInstance {
  /** Instance key, `INFRA/ARRAY[INDEX]`. */
  readonly key: string;
  readonly infrastructure: string;
  readonly hostname: string;
  readonly ipv4: string;
}

/**
 * The drivers of the kinds that reach hosts over the network (`std.ssh.*`,
 * `std.http.request`, `std.wait.until_*`) and the TypeScript hook runner,
 * built once per run by the apply layer and closed at its end.
 */
export interface NetworkRuntime {
  readonly ssh: {
    run(request: SshExecRequest, signal: AbortSignal): Promise<ExecResult>;
    copyFile(request: SshCopyRequest, signal: AbortSignal): Promise<CopyResult & { readonly sha256?: string }>;
  };
  readonly http: { request(request: NodeHttpRequest, signal: AbortSignal): Promise<HttpResponse> };
  readonly hooks: { call(call: HookCall, signal: AbortSignal): Promise<HookOutcome> };
  /** The instance a `std.ssh.*` target value names (by its server), if it is one of the run's. */
  instanceOf(target: unknown): SshInstance | undefined;
  /** Where to connect for an instance (default: its first IPv4, port 22). */
  endpointOf(instance: SshInstance, port: number): SshEndpoint;
  /** The instance's pinned host key: generated before install_os in this run, or stored in the inventory. */
  pinnedHostKey(instance: SshInstance): string | undefined;
  /** The credential for a host: `--ssh-key`, or the deployment's access key for an instance; undefined leaves it to the agent. */
  credentialFor(instance: SshInstance | undefined): { readonly privateKey: string } | undefined;
}
