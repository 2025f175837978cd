// TypeScript hooks (`std.ts.call`): the blueprint's arguments checked against the hook's parameter type.
export { checkTsHook, createTsHookChecker, DEFAULT_CACHE_DIR, type TsHookChecker } from './check-ts-hook.ts';
export type { TsHookRequest, TsHookOptions } from './request.ts';
export { directoryCache, memoryCache, type ResultCache } from './result-cache.ts';
export { tsTypeText, pathKey } from './map-type.ts';
export { tsHookStats } from './ts-morph-loader.ts';
export { DEFAULT_HOOKS_API_PATH } from './hook-project.ts';
