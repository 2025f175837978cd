import { parseFailpointSpec, type FailpointAction } from './spec.ts';

/**
 * Named points in risky code paths (between a temp-file write and its
 * rename, inside a lock…) where a test makes the process pause, throw or die,
 * to prove a crash or a race leaves things consistent. Costs one map lookup
 * when nothing is configured, which is always the case outside tests.
 */

export class FailpointError extends Error {
  constructor(readonly point: string) {
    super(`failpoint ${point} triggered (MBP_FAILPOINTS)`);
    this.name = 'FailpointError';
  }
}

interface State {
  readonly actions: ReadonlyMap<string, FailpointAction>;
  readonly hits: Map<string, number>;
}

let state: State | undefined;

function current(): State {
  // Read once: the variable is set by whoever spawned this process and does not change.
  state ??= { actions: parseFailpointSpec(process.env.MBP_FAILPOINTS ?? ''), hits: new Map() };
  return state;
}

/** For in-process tests: replaces the configuration (undefined: none) and resets hit counts. */
export function configureFailpoints(spec: string | undefined): void {
  state = { actions: parseFailpointSpec(spec ?? ''), hits: new Map() };
}

export async function failpoint(name: string): Promise<void> {
  const { actions, hits } = current();
  const action = actions.get(name);
  if (action === undefined) return;
  const hit = (hits.get(name) ?? 0) + 1;
  hits.set(name, hit);
  switch (action.kind) {
    case 'off':
      return;
    case 'pause':
      if (action.once && hit > 1) return;
      await new Promise((resolve) => setTimeout(resolve, action.ms));
      return;
    case 'throw':
      throw new FailpointError(name);
    case 'sigkill':
      if (hit > action.after) process.kill(process.pid, 'SIGKILL');
      return;
  }
}
