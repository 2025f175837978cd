import { parseInventoryText, resolveInventoryPath, type Inventory } from '../../runtime/inventory/index.ts';

/** A name from the inventory offered in completion, with a one-line description. */
export interface InventoryName {
  readonly name: string;
  readonly detail: string;
}

export interface InventoryNames {
  readonly serverTypes: readonly InventoryName[];
  readonly datacenters: readonly InventoryName[];
}

/** How the inventory file is read: a change stamp (mtime and size) to know when to read it again, and its text. */
export interface InventoryFiles {
  /** Undefined when the file does not exist. */
  stamp(file: string): string | undefined;
  readText(file: string): string;
}

/**
 * Where the inventory is: the client's `initializationOptions.inventory`,
 * else `MBP_INVENTORY`, else `.mbp/inventory.json`, relative to the first
 * workspace folder (as `mbp --inventory` is relative to the current directory).
 */
export function inventoryPath(option: string | undefined, env: Readonly<Record<string, string | undefined>>, root: string): string {
  return resolveInventoryPath({ flag: option, env: env as NodeJS.ProcessEnv, cwd: root });
}

/**
 * Server types and datacenters of the inventory, for completion. The file is
 * read again only when it changed; a missing or invalid file offers nothing
 * (`mbp check --inventory` is where its problems are reported).
 */
export class InventorySource {
  private stamp: string | undefined;
  private cached: InventoryNames | undefined;

  constructor(
    private readonly files: InventoryFiles,
    readonly file: string,
  ) {}

  names(): InventoryNames | undefined {
    let stamp: string | undefined;
    try {
      stamp = this.files.stamp(this.file);
    } catch {
      stamp = undefined;
    }
    if (stamp === undefined) {
      this.stamp = undefined;
      this.cached = undefined;
      return undefined;
    }
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      try {
        this.cached = namesOf(parseInventoryText(this.files.readText(this.file), this.file));
      } catch {
        this.cached = undefined;
      }
    }
    return this.cached;
  }
}

function namesOf(inventory: Inventory): InventoryNames {
  return {
    serverTypes: inventory.server_types.map((t) => ({
      name: t.name,
      detail: `${t.cpu.sockets}× ${t.cpu.model} (${t.cpu.cores} cores), ${t.ram_gib} GiB RAM${t.description ? ` — ${t.description}` : ''}`,
    })),
    datacenters: inventory.datacenters.map((d) => ({ name: d.name, detail: d.description ?? 'datacenter' })),
  };
}
