import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { TsHookRequest } from '../../compiler/ts-hooks/index.ts';
import type { Type } from '../../stdlib/index.ts';
import { makeTempDir } from '../support/index.ts';

/** A temp directory holding a blueprint's hook modules; `cleanup()` removes it. */
export interface HookDir {
  readonly dir: string;
  write(relative: string, text: string): string;
  /** A request for `std.ts.call("./<hook>", "<exportName>", args)` from `<dir>/main.mbp`. */
  request(hook: string, exportName: string, argsType: Type, extra?: Partial<TsHookRequest>): TsHookRequest;
  cleanup(): void;
}

export const ARGS_SPAN = { start: 40, end: 90 };
export const PATH_SPAN = { start: 10, end: 20 };
export const EXPORT_SPAN = { start: 22, end: 32 };

export function hookDir(): HookDir {
  const temp = makeTempDir();
  const dir = temp.path;
  return {
    dir,
    write(relative, text) {
      const file = path.join(dir, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
    request(hook, exportName, argsType, extra = {}) {
      return {
        file: path.join(dir, 'main.mbp'),
        hookPath: path.join(dir, hook),
        exportName,
        argsType,
        span: ARGS_SPAN,
        pathSpan: PATH_SPAN,
        exportSpan: EXPORT_SPAN,
        ...extra,
      };
    },
    cleanup: temp.cleanup,
  };
}

/** `CODE message` lines, the shape most assertions compare. */
export function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.message}`);
}
