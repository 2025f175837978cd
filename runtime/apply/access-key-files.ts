import fs from 'node:fs';
import path from 'node:path';
import { createFileExclusively } from '../inventory/index.ts';
import type { AccessKeyStore } from '../steps/index.ts';

/**
 * The deployments' access keys beside the inventory (DESIGN.md section 5,
 * host keys): `<dir>/keys/<infrastructure>` holds the private key (mode
 * 0600, in a 0700 folder), `<infrastructure>.pub` its public half for a
 * person's `ssh -i`. The private file is the truth: it is created once,
 * complete or not at all, and the first run to create it wins a race.
 */

export const ACCESS_KEYS_FOLDER = 'keys';

/** `<dir>/keys/<infrastructure>`; refuses a name that would leave the folder. */
export function accessKeyPath(dir: string, infrastructure: string): string {
  if (infrastructure === '' || infrastructure.startsWith('.') || path.basename(infrastructure) !== infrastructure) {
    throw new RangeError(`${JSON.stringify(infrastructure)} is not an infrastructure name`);
  }
  return path.join(dir, ACCESS_KEYS_FOLDER, infrastructure);
}

function readIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The access keys kept in `<dir>/keys/` (`dir`: the inventory's directory). */
export function accessKeyFiles(dir: string): AccessKeyStore {
  return {
    read: (infrastructure) => readIfPresent(accessKeyPath(dir, infrastructure)),
    async create(infrastructure, pair) {
      const file = accessKeyPath(dir, infrastructure);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      if (!(await createFileExclusively(file, pair.privateKey, { mode: 0o600 }))) {
        const stored = readIfPresent(file);
        if (stored === undefined) throw new Error(`${file} vanished while it was being created`);
        return stored;
      }
      // A `.pub` left by a run killed before it stored its private key is stale: replace it.
      fs.rmSync(`${file}.pub`, { force: true });
      await createFileExclusively(`${file}.pub`, `${pair.publicKey.trim()}\n`);
      return pair.privateKey;
    },
  };
}

/**
 * Forgets an infrastructure's access key (both files): for a successful
 * destroy, after which nothing it installed is left to log in to.
 */
export function removeAccessKey(dir: string, infrastructure: string): void {
  const file = accessKeyPath(dir, infrastructure);
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
}
