import { makeDiagnostic, type Diagnostic } from '../../diagnostics/index.ts';
import type { CheckedProgram } from '../checked-program.ts';
import { bootMethodSupported } from './boot-method-supported.ts';
import type { DeploymentRule } from './deployment-rule.ts';
import { disklessNeedsSanPort } from './diskless-needs-san-port.ts';
import { provisionReceivesInstance } from './provision-receives-instance.ts';
import { provisionStepOrder } from './provision-step-order.ts';
import { serverTypesNotEmpty } from './server-types-not-empty.ts';
import { singleProvisionHook } from './single-provision-hook.ts';
import { stepDependencyCycle } from './step-dependency-cycle.ts';
import { subnetFitsPool } from './subnet-fits-pool.ts';

export const DEPLOYMENT_RULES: readonly DeploymentRule[] = Object.freeze([
  disklessNeedsSanPort,
  bootMethodSupported,
  serverTypesNotEmpty,
  singleProvisionHook,
  provisionReceivesInstance,
  provisionStepOrder,
  stepDependencyCycle,
  subnetFitsPool,
]);

/**
 * Runs every deployment rule over every file of a checked program. A rule
 * that throws becomes one MBP9001 diagnostic; the other rules still run.
 */
export function runDeploymentRules(checked: CheckedProgram, rules: readonly DeploymentRule[] = DEPLOYMENT_RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [file, f] of checked.program.files) {
    for (const rule of rules) {
      try {
        rule.check({ file, source: f.source, module: f.module, checked, report: (d) => void out.push(d) });
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        out.push(makeDiagnostic('MBP9001', file, { start: 0, end: 0 }, { stage: `deployment rule ${rule.name}`, detail }));
      }
    }
  }
  return out;
}
