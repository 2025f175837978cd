import fs from 'node:fs';

/**
 * Where secret values come from. Only the apply layer asks, and only for
 * the secrets a step's arguments use, at the moment the step runs (DESIGN.md
 * section 5: resolved only at apply).
 */
export interface SecretSource {
  get(name: string): string | undefined;
}

/** `MBP_SECRET_<NAME>` (the name upper-cased), as the evaluator's message tells users. */
export function envSecrets(env: Readonly<Record<string, string | undefined>> = process.env): SecretSource {
  return { get: (name) => env[`MBP_SECRET_${name.toUpperCase()}`] };
}

export class SecretsFileError extends Error {
  override readonly name = 'SecretsFileError';
}

/**
 * `--secrets FILE`: a JSON object of secret names to string values. Read
 * once, when the source is made; a bad file is an error naming the file and
 * never shows a value.
 */
export function fileSecrets(file: string, read: (path: string) => string = (p) => fs.readFileSync(p, 'utf8')): SecretSource {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    throw new SecretsFileError(`cannot read the secrets file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretsFileError(`the secrets file ${file} is not JSON: write an object such as { "join_token": "..." }`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SecretsFileError(`the secrets file ${file} must hold a JSON object of names to strings`);
  }
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new SecretsFileError(`secret \`${name}\` in ${file} must be a string`);
    values.set(name, value);
  }
  return { get: (name) => values.get(name) };
}

/** The first source that has a value wins: `chainSecrets(file, env)` lets `--secrets` override the environment. */
export function chainSecrets(...sources: readonly SecretSource[]): SecretSource {
  return {
    get(name) {
      for (const s of sources) {
        const v = s.get(name);
        if (v !== undefined) return v;
      }
      return undefined;
    },
  };
}
