// Server allocation: which inventory servers the instances of each array get,
// and why (kept, preferred, spread, order), as a pure function of the inventory.
export * from './types.ts';
export { allocateServers, type AllocateOptions } from './allocate.ts';
export { ServerIndex, buildServerIndex, compareServers, type InventoryHold, type TaggedView, type TypeGroup } from './server-index.ts';
export { existingBindings, bindingEntries } from './keep.ts';
export {
  parseDeployOptions,
  applyDeployOptions,
  DeployOptionsError,
  type BlueprintArrayRef,
  type DeployDemand,
  type DeployOptions,
} from './deploy-options.ts';
