// `mbp apply` and `mbp destroy`: carrying a resolved plan out on the drivers, with inventory commits and the run journal.
export { applyResolution, QUARANTINE_AFTER_FAILURES, type ApplyOptions, type ApplyOutcome, type NodesBuilder } from './apply.ts';
export { destroyHooks, destroyInfrastructure, destroyPreview, DestroyRefusedError, type DestroyOptions, type DestroyOutcome } from './destroy.ts';
export { openSimulatedHardware, simulatedStatePath, SIMULATED_STATE_FILE, type Hardware, type SimulatedHardwareOptions } from './hardware.ts';
export { eventLine, lineLogObserver, jsonEventsObserver } from './progress.ts';
export { reconcileAbandonedRuns } from './reconcile.ts';
export { unlockRun, RunNotReservedError, RunAliveError, RunElsewhereError, type UnlockOutcome, type UnlockOptions } from './unlock.ts';
export { InfrastructureBusyError } from './infrastructure-busy.ts';
export { pendingApply, unresolvedDoubts, isApplyOf } from './unfinished-apply.ts';
export { resumableRun, journalLinkOf, type ResumableRun } from './resume.ts';
export type { ApplyContext, RunInstance } from './apply-context.ts';
// The plan→nodes adapter and what it reads (runtime/steps' handlers on the resolved facts).
export { planToNodes, type PlanToNodesOptions, type PlanToNodesResult } from './plan-to-nodes.ts';
export { PlanRunContext, type PlanRunContextOptions } from './plan-run-context.ts';
export { envSecrets, fileSecrets, chainSecrets, SecretsFileError, type SecretSource } from './secret-source.ts';
export { instanceValue, infrastructureRoots, resolvedKey, type RunFacts, type InfrastructureFacts, type NetworkFacts, type SubnetFacts } from './run-facts.ts';
export { resolveTemplate, simulatedAssets, type AssetReader, type ResolveTemplateOptions } from './os-template.ts';
export { stepNodes, runFactsOf, type StepNodesOptions } from './step-nodes.ts';
export { stepEstimator, measuredMedians, withEstimates, DEFAULT_STEP_ESTIMATE_MS, SIMULATED_STEP_DURATIONS, ESTIMATE_HISTORY_RUNS, type StepEstimator } from './step-estimates.ts';
export { HostKeyPins, runNetwork, type RunNetwork } from './run-network.ts';
export { useRunHeapPolicy, runHeapGrowingPercent, RUN_HEAP_GROWING_PERCENT, HEAP_GROWING_ENV } from './heap-policy.ts';
export { accessKeyFiles, accessKeyPath, removeAccessKey, ACCESS_KEYS_FOLDER } from './access-key-files.ts';
