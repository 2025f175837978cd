import path from 'node:path';

export const DEFAULT_INVENTORY_PATH = '.mbp/inventory.json';
export const INVENTORY_ENV = 'MBP_INVENTORY';

export interface InventoryPathSources {
  /** `--inventory PATH` */
  readonly flag?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** `--inventory PATH`, else `MBP_INVENTORY`, else `.mbp/inventory.json`; absolute, relative to `cwd`. Empty values count as unset. */
export function resolveInventoryPath(sources: InventoryPathSources = {}): string {
  const env = sources.env ?? process.env;
  const chosen = [sources.flag, env[INVENTORY_ENV]].find((v) => v !== undefined && v !== '') ?? DEFAULT_INVENTORY_PATH;
  return path.resolve(sources.cwd ?? process.cwd(), chosen);
}
