import type { Instance, JsonValue } from '../../stdlib/hooks-api/index.ts';

/** What the hook's second argument carries besides its logger and signal. */
export interface HookCallContext {
  readonly instance?: Instance;
  readonly infrastructure: string;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** Parent → child, over the IPC channel. */
export type ParentMessage =
  | { readonly type: 'call'; readonly modulePath: string; readonly exportName: string; readonly args: JsonValue; readonly context: HookCallContext }
  | { readonly type: 'abort'; readonly reason: string };

/** Child → parent. */
export type ChildMessage =
  | { readonly type: 'log'; readonly level: LogLevel; readonly message: string }
  | { readonly type: 'result'; readonly value: JsonValue }
  | {
      readonly type: 'failure';
      /** threw: the hook threw; not-found: no such function export; load-failed: the module did not load; invalid-result: not JSON. */
      readonly kind: 'threw' | 'not-found' | 'load-failed' | 'invalid-result';
      readonly message: string;
      readonly stack?: string;
    };
