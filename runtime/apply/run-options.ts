import type { Clock } from '../clock/index.ts';
import type { ExecObserver } from '../executor/index.ts';
import type { InventoryStore } from '../inventory/index.ts';
import type { FsyncMode } from '../journal/index.ts';
import type { Hardware } from './hardware.ts';
import type { RunNetwork } from './run-network.ts';
import type { SecretSource } from './secret-source.ts';

/** What every run (apply, destroy) is given: where it writes, what it drives, who watches. */
export interface RunOptions {
  readonly store: InventoryStore;
  readonly hardware: Hardware;
  /** The inventory's directory: journals go to its `runs/`. */
  readonly journalDir: string;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly fsync?: FsyncMode;
  readonly observers?: readonly ExecObserver[];
  readonly command?: readonly string[];
  /** Where secret values come from (default: `MBP_SECRET_<NAME>` variables). */
  readonly secrets?: SecretSource;
  /** The SSH, HTTP and hook drivers of the run and how to reach instances (default: real drivers trusting `journalDir/known_hosts` and `~/.ssh/known_hosts`, made and closed by this run). */
  readonly network?: RunNetwork;
  /** Told of each inventory commit, for the person watching. */
  readonly onCommit?: (action: string, serial: number, detail?: string) => void;
  /** The simulated datacenter's speed factor, which scales the steps' estimates (default 1; docs/runtime.md, "Step estimates"). */
  readonly speed?: number;
  /** Called with the run's id as soon as it exists, before anything is changed (the live display's header shows it). */
  readonly onStart?: (runId: string) => void;
}
