export { DriverError, isDriverError, isAbortError, type DriverErrorCode } from './errors.ts';
export { normalizeMac } from './mac.ts';
export { withTimeout } from './with-timeout.ts';
export type { BmcDriver, BmcTarget, BootDevice, BootDeviceSetting, PowerState } from './bmc.ts';
export type {
  BootDriver,
  BootConfig,
  NetbootAction,
  NetbootCompletion,
  IscsiTarget,
  IscsiTargetSpec,
} from './boot.ts';
export { isVlanId, formatPort, type SwitchDriver, type PortRef, type PortState, type VlanMembership } from './switch.ts';
export type { ExecDriver, ExecRequest, ExecResult, ExecTarget, CopyRequest, CopyResult, CopySource, IfExists } from './exec.ts';
export type { HttpDriver, HttpRequest, HttpResponse, HttpMethod } from './http.ts';
export * from './simulated/index.ts';
export * from './memory/index.ts';
