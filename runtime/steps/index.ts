// Step handlers: the stdlib's provisioning, wait and release steps carried out through the hardware drivers.
export type {
  ResolvedInstance,
  ResolvedPort,
  ResolvedAddress,
  ResolvedAsset,
  ResolvedServer,
  ResolvedTemplate,
  InstallerFile,
  StepRuntime,
  StepContext,
  RuntimeStepHandler,
  HandlerTable,
} from './types.ts';
export { BUILTIN_HANDLERS, DEFAULT_STEP_TIMEOUTS_MS, networkHandlers } from './handlers.ts';
export type { NetworkRuntime, SshEndpoint, SshInstance } from './network-runtime.ts';
export { createNetworkDrivers, defaultKnownHostsFiles, type NetworkDrivers, type NetworkDriverOptions } from './network-drivers.ts';
export { StepError } from './errors.ts';
export { nodeKeyFactory, GeneratedAccessKeys, sshFingerprint, publicKeyOf, type KeyFactory, type AccessKeys, type AccessKeyStore, type SshKeyPair } from './host-keys.ts';
export { MemoryConfigServer, type ConfigServer } from './config-server.ts';
export type { ReadinessProbe, ReadyRequest, ReadyAnswer } from './readiness.ts';
export { simulatedStepRuntime, simulatedReadiness, type SimulatedRuntimeOptions } from './simulated-runtime.ts';
export { templateVariables, type InstallSecrets } from './template-variables.ts';
export { volumeName } from './boot-scripts.ts';
export { withWatchdog } from './ready.ts';
export { firstAddress } from './addresses.ts';
