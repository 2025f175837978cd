import type { Clock } from '../clock/index.ts';
import { execute, type ExecNode, type ExecObserver, type ExecutionResult } from '../executor/index.ts';
import { createNetworkDrivers, defaultKnownHostsFiles } from '../steps/index.ts';
import type { ResumableRun } from './resume.ts';
import type { RunNetwork } from './run-network.ts';
import type { RunOptions } from './run-options.ts';

/**
 * The run's network: the caller's, or real drivers trusting
 * `journalDir/known_hosts` made for this run, which `close` shuts.
 */
export function runNetworkOf(options: RunOptions, clock: Clock): { readonly network: RunNetwork; close(): Promise<void> } {
  if (options.network !== undefined) return { network: options.network, close: async () => undefined };
  const drivers = createNetworkDrivers({ knownHostsFiles: defaultKnownHostsFiles(options.journalDir), clock });
  return { network: { drivers }, close: () => drivers.close() };
}

/** Walks a run's nodes with its clock, signal and observers, skipping what the resumed run finished. */
export function executeRun(nodes: readonly ExecNode[], options: RunOptions, run: { readonly clock: Clock; readonly observers: readonly ExecObserver[]; readonly previous: ResumableRun | undefined }): Promise<ExecutionResult> {
  return execute(nodes, {
    clock: run.clock,
    ...(options.signal ? { signal: options.signal } : {}),
    observers: run.observers,
    ...(run.previous ? { resume: run.previous.state } : {}),
  });
}
