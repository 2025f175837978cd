// Kept apart from ../index.ts: these import uvu, which only tests load.
export { bmcConformance, type BmcFixture } from './bmc.ts';
export { bootConformance, type BootFixture } from './boot.ts';
export { switchConformance, type SwitchFixture } from './switch.ts';
export { execConformance, type ExecFixture } from './exec.ts';
export { httpConformance, type HttpFixture, type TestHandler, type ReceivedRequest, type TestResponse } from './http.ts';
export { rejectsWithDriverError, rejectsWithAbort } from './expect.ts';
