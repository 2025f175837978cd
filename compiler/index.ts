// The compiler's public API; each stage adds its exports here.
export { checkFiles, checkFilesAsync, checkSource, checkText, type CheckOptions, type CheckResult } from './check.ts';
