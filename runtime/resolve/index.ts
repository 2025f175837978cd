// Plan resolution: a compiled plan against an inventory snapshot (servers and why, VLANs, subnets, addresses, ports, steps, changes), pure.
export * from './types.ts';
export { resolvePlan, summarize, hasChanges } from './resolve-plan.ts';
export { stalenessProblems } from './staleness.ts';
export { deployedInfrastructure, type RecordOptions } from './record.ts';
export { arrayAttributes, ATTRIBUTE_EFFECTS } from './attributes.ts';
export { ownerPath } from './owner.ts';
export { parseTargets, type TargetSet } from './targets.ts';
export { instanceWayBack, releaseStep, networkReleaseSteps, runsDeprovisionHooks } from './way-back.ts';
export { renderResolution, type RenderOptions } from './render-text.ts';
export { savedPlanToJson, parseSavedPlan, SAVED_PLAN_FORMAT_VERSION, type SavedPlan } from './saved-plan.ts';
