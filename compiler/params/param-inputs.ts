/**
 * Param values given from outside the blueprint, before they are typed:
 * `--param k=v` (text, parsed by the param's declared type) and
 * `--params FILE` (JSON values). The checker coerces them once it knows the
 * declared types.
 */
export type ParamInput =
  | { readonly origin: 'flag'; readonly name: string; readonly text: string }
  | { readonly origin: 'file'; readonly name: string; readonly json: unknown; readonly file: string };

export interface ParamInputs {
  /** By param name; a `--param` flag wins over the same name in a `--params` file. */
  readonly values: ReadonlyMap<string, ParamInput>;
  /** The `--params` file, if any (diagnostics about unknown names point at it). */
  readonly file?: string;
}

export class ParamFlagError extends Error {
  override readonly name = 'ParamFlagError';
}

/** Splits one `--param NAME=VALUE`; the value is everything after the first `=`, and may be empty. */
export function parseParamFlag(flag: string): { readonly name: string; readonly text: string } {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new ParamFlagError(`expected NAME=VALUE, got "${flag}"`);
  const name = flag.slice(0, eq).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ParamFlagError(`"${name}" is not a param name`);
  return { name, text: flag.slice(eq + 1) };
}

/** Merges a params file's values and `--param` flags (flags win; the last flag of a name wins). */
export function paramInputs(flags: readonly string[], file?: { readonly path: string; readonly values: Readonly<Record<string, unknown>> }): ParamInputs {
  const values = new Map<string, ParamInput>();
  if (file) for (const [name, json] of Object.entries(file.values)) values.set(name, { origin: 'file', name, json, file: file.path });
  for (const flag of flags) {
    const { name, text } = parseParamFlag(flag);
    values.set(name, { origin: 'flag', name, text });
  }
  return { values, ...(file ? { file: file.path } : {}) };
}
