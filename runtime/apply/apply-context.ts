import type { Plan, PlanStep } from '../../compiler/plan/index.ts';
import type { Clock } from '../clock/index.ts';
import type { InventoryStore, Server } from '../inventory/index.ts';
import type { InstanceResolution, Resolution } from '../resolve/index.ts';
import type { Hardware } from './hardware.ts';

/** One instance the run touches, with the server it is (or was) on. */
export interface RunInstance {
  readonly infrastructure: string;
  readonly array: string;
  readonly index: number;
  readonly id: string;
  readonly resolution: InstanceResolution;
  readonly server: Server;
}

/** What the orchestration hands the plan→nodes adapter: the resolution, the hardware, the inventory. */
export interface ApplyContext {
  readonly plan: Plan;
  readonly resolution: Resolution;
  readonly runId: string;
  readonly store: InventoryStore;
  readonly hardware: Hardware;
  readonly clock: Clock;
  /** By `INFRA/ARRAY[INDEX]`. */
  readonly instances: ReadonlyMap<string, RunInstance>;
  /** Called after each inventory commit a node makes (the journal's `commit` record). */
  onCommit(action: string, serial: number, detail?: string): void;
}

export const instanceKey = (infrastructure: string, array: string, index: number): string => `${infrastructure}/${array}[${index}]`;

export const stepInstanceKey = (step: PlanStep): string | undefined =>
  step.target === undefined ? undefined : instanceKey(step.infrastructure, step.target.array, step.target.index);
