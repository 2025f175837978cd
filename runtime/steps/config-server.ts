/**
 * Serves what an installer fetches over HTTP while it runs (cloud-init
 * user-data, a kickstart file, …), rendered per instance, and receives its
 * callback. The files hold the instance's private host key, so they live
 * here and never in a boot config, the hardware state or the journal.
 */
export interface ConfigServer {
  /** Where the instance's files are served and where its OS calls back; known before anything is published. */
  urlsFor(instanceId: string): { readonly baseUrl: string; readonly callbackUrl: string };
  /** Replaces the instance's files (paths relative to its base URL) and the token its callback must carry. */
  publish(instanceId: string, files: Readonly<Record<string, string>>, callbackToken: string, signal: AbortSignal): Promise<void>;
  /** Stops serving the instance's files; none published is not an error. */
  withdraw(instanceId: string, signal: AbortSignal): Promise<void>;
}

interface Published {
  readonly files: Readonly<Record<string, string>>;
  readonly callbackToken: string;
}

/**
 * The in-process config server: enough for the simulated datacenter (whose
 * installer fetches nothing) and for tests, which read what was published.
 * A run that is killed loses it; the next run's prepare_boot publishes again.
 */
export class MemoryConfigServer implements ConfigServer {
  private readonly published = new Map<string, Published>();

  constructor(private readonly origin = 'http://mbp.invalid:8080') {}

  urlsFor(instanceId: string): { baseUrl: string; callbackUrl: string } {
    const id = encodeURIComponent(instanceId);
    return { baseUrl: `${this.origin}/configs/${id}`, callbackUrl: `${this.origin}/callback/${id}` };
  }

  async publish(instanceId: string, files: Readonly<Record<string, string>>, callbackToken: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.published.set(instanceId, { files: { ...files }, callbackToken });
  }

  async withdraw(instanceId: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.published.delete(instanceId);
  }

  /** The files served for an instance, for tests and diagnostics. */
  filesOf(instanceId: string): Readonly<Record<string, string>> | undefined {
    return this.published.get(instanceId)?.files;
  }

  /** Whether a callback for the instance carries the right token. */
  acceptsCallback(instanceId: string, token: string): boolean {
    const p = this.published.get(instanceId);
    return p !== undefined && p.callbackToken === token;
  }
}
