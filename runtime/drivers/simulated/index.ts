export {
  SimulatedDatacenter,
  type SimulatedDatacenterOptions,
  type SimulatedTopology,
  type SimulatedServerSpec,
  type SimulatedSwitchSpec,
  type ReadyInfo,
} from './datacenter.ts';
export { DEFAULT_DURATIONS, scaledDuration, type DurationName, type DurationTable } from './durations.ts';
export { NO_FAULTS, type FaultRates, type FaultKind, type FaultEvent } from './faults.ts';
export {
  STATE_FORMAT_VERSION,
  type HardwareState,
  type ServerState,
  type ServerPhase,
  type ServerCounters,
  type PortStateRecord,
  type BootConfigRecord,
  type IscsiTargetRecord,
  type CompletionRecord,
} from './state.ts';
export type { SimulatedBmc } from './bmc.ts';
export type { SimulatedBoot } from './boot.ts';
export type { SimulatedSwitch } from './switch.ts';
/** Reads the hardware state as the driver left it (state file + change log): how anything outside the driver reads it. */
export { loadStateFile } from './state-file.ts';
export { changeLogPath } from './change-log-format.ts';
export { FAILPOINT_BEFORE_LOG_TRUNCATE } from './change-log.ts';
