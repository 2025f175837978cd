export { MemoryExecDriver, type MemoryExecOptions } from './exec.ts';
export { MemoryHttpDriver, type HttpHandler, type ServedRequest, type ServedResponse } from './http.ts';
