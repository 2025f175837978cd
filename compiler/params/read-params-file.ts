import { makeDiagnostic, type Diagnostic } from '../diagnostics/index.ts';
import { describeError, type FileSystem } from '../sources/index.ts';

export type ParamsFileResult =
  | { readonly ok: true; readonly values: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Reads a `--params` file: a JSON object of values by param name. */
export function readParamsFile(fs: FileSystem, path: string): ParamsFileResult {
  const fail = (reason: string): ParamsFileResult => ({
    ok: false,
    diagnostic: makeDiagnostic('MBP2034', path, { start: 0, end: 0 }, { reason }),
  });
  let text: string;
  try {
    if (fs.stat(path) === undefined) return fail('no such file');
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFile(path));
  } catch (error) {
    return fail(error instanceof TypeError ? 'it is not UTF-8 text' : describeError(error));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('it must hold a JSON object, e.g. `{ "workers": 5 }`');
  return { ok: true, values: parsed as Record<string, unknown> };
}
