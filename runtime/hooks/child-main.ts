/**
 * The child process a TypeScript hook runs in (forked with tsx's loader by
 * run-hook.ts): loads the module, calls the export with its arguments and a
 * HookContext, and reports logs and the outcome over IPC. The parent kills
 * it on timeout; `ctx.signal` aborts first so a well-behaved hook can stop.
 */
import { pathToFileURL } from 'node:url';
import type { HookContext, HookLogger } from '../../stdlib/hooks-api/index.ts';
import { toJsonResult } from './json-result.ts';
import type { ChildMessage, LogLevel, ParentMessage } from './protocol.ts';

const controller = new AbortController();

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function finish(message: ChildMessage): Promise<void> {
  await send(message);
  // Timers or sockets the hook left open must not keep it running.
  process.exit(0);
}

async function call(message: Extract<ParentMessage, { type: 'call' }>): Promise<void> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(message.modulePath).href)) as Record<string, unknown>;
  } catch (error) {
    return finish({ type: 'failure', kind: 'load-failed', ...describe(error) });
  }
  const fn = message.exportName in module ? module[message.exportName] : (module.default as Record<string, unknown> | undefined)?.[message.exportName];
  if (typeof fn !== 'function') {
    const functions = Object.keys(module).filter((k) => typeof module[k] === 'function');
    return finish({
      type: 'failure',
      kind: 'not-found',
      message: `the module has no exported function "${message.exportName}" (exported functions: ${functions.length > 0 ? functions.join(', ') : 'none'})`,
    });
  }
  const log = (level: LogLevel) => (text: unknown) => void send({ type: 'log', level, message: String(text) });
  const logger: HookLogger = Object.freeze({ info: log('info'), warn: log('warn'), error: log('error') });
  const ctx: HookContext = Object.freeze({
    ...(message.context.instance !== undefined ? { instance: message.context.instance } : {}),
    infrastructure: message.context.infrastructure,
    logger,
    signal: controller.signal,
  });
  let value: unknown;
  try {
    value = await (fn as (args: unknown, ctx: HookContext) => unknown)(message.args, ctx);
  } catch (error) {
    return finish({ type: 'failure', kind: 'threw', ...describe(error) });
  }
  const json = toJsonResult(value);
  return finish(json.ok ? { type: 'result', value: json.value } : { type: 'failure', kind: 'invalid-result', message: `the hook returned something that is not JSON: ${json.problem}` });
}

function describe(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) };
  return { message: `a non-Error value was thrown: ${safeString(error)}` };
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'abort') controller.abort(new DOMException(message.reason, 'AbortError'));
  else if (message.type === 'call') void call(message);
});
// The parent is gone: nothing can receive the result.
process.on('disconnect', () => process.exit(1));
