// The checker: types, schemas, constants, secrets and params over a bound program. See README.md.
export { checkProgram, bindAndCheck, checkTsHooks, fileReaderFor, type CheckProgramOptions } from './check-program.ts';
export type { CheckedProgram, WorkflowTarget, TemplateTarget, StepTarget } from './checked-program.ts';
export { typeFromRef } from './type-ref.ts';
export { paramDefault } from './param-default.ts';
export { fieldsOf, INSTANCE_ARRAY_FIELDS, NETWORK_FIELDS, SUBNET_FIELDS, DEPLOYMENT_TYPE } from './fields.ts';
export { stdPathOf, calleeText } from './std-path.ts';
