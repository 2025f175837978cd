export { failpoint, configureFailpoints, FailpointError } from './failpoint.ts';
export { parseFailpointSpec, FailpointSpecError, type FailpointAction } from './spec.ts';
