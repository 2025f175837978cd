import { byName } from '../by-name.ts';
import type { StepDef } from './step-def.ts';
import { HTTP_STEPS } from './http.ts';
import { IPAM_STEPS } from './ipam.ts';
import { PROVISION_STEPS } from './provision.ts';
import { READY_CHECKS } from './ready.ts';
import { SSH_STEPS } from './ssh.ts';
import { WAIT_STEPS } from './wait.ts';
import { WORKFLOW_STEPS } from './workflow.ts';

export {
  paramAccepts,
  stepSignatureText,
  type StepDef,
  type StepParam,
  type ParamGroup,
  type StepResource,
  type StepContextKind,
  type StepHandler,
  type StepRunContext,
} from './step-def.ts';
export {
  PROVISION_ORDER,
  PROVISION_PREAMBLE,
  PROVISION_DEFAULT_SEQUENCE,
  PROVISION_ALL,
  findProvisionOrderViolation,
  provisionStepOf,
  type ProvisionStep,
  type ProvisionOrderViolation,
} from './provision.ts';

/** Every step kind and readiness check, sorted by name (duplicates would show here, not in STEPS). */
export const STEP_LIST: readonly StepDef[] = Object.freeze(
  [...SSH_STEPS, ...HTTP_STEPS, ...WORKFLOW_STEPS, ...WAIT_STEPS, ...IPAM_STEPS, ...PROVISION_STEPS, ...READY_CHECKS].sort(byName),
);

/** Every step kind and readiness check, keyed by full dotted name. */
export const STEPS: Readonly<Record<string, StepDef>> = Object.freeze(Object.fromEntries(STEP_LIST.map((s) => [s.name, s])));
