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

/**
 * How the inventory file is read: a change stamp (mtime and size) to know
 * when to read it again, and its text. Asynchronous, so that a slow disk
 * never holds up the edits and requests in the server's loop.
 */
export interface InventoryFiles {
  /** Undefined when the file does not exist. */
  stamp(file: string): Promise<string | undefined>;
  readText(file: string): Promise<string>;
}

/** The inventory as last read, and the names completion offers from it. */
export interface LoadedInventory {
  readonly inventory: Inventory;
  readonly names: InventoryNames;
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
 * The inventory for completion (server types, datacenters) and for the
 * MBP4xxx checks. Answers at once from what was read last; `refresh()`
 * looks at the file's stamp in the background and reads it again only when
 * it changed, then calls `onChange` so the documents are checked again. A
 * missing or invalid file counts as no inventory (`mbp check --inventory`
 * is where its problems are reported).
 */
export class InventorySource {
  private stamp: string | undefined;
  private loaded: LoadedInventory | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly files: InventoryFiles,
    readonly file: string,
    private readonly onChange: () => void = () => {},
  ) {}

  /** What was read last; starts a look at the file for next time. */
  current(): LoadedInventory | undefined {
    void this.refresh();
    return this.loaded;
  }

  names(): InventoryNames | undefined {
    return this.current()?.names;
  }

  /** Reads the file again if its stamp changed; one look at a time. */
  refresh(): Promise<void> {
    this.running ??= this.reload().finally(() => (this.running = undefined));
    return this.running;
  }

  private async reload(): Promise<void> {
    let stamp: string | undefined;
    try {
      stamp = await this.files.stamp(this.file);
    } catch {
      stamp = undefined;
    }
    
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    let next: LoadedInventory | undefined;
    if (stamp !== undefined) {
      try {
        const inventory = parseInventoryText(await this.files.readText(this.file), this.file);
        next = { inventory, names: namesOf(inventory) };
      } catch {
        next = undefined;
      }
    }
    if (next === undefined && this.loaded === undefined) return;
    this.loaded = next;
    this.onChange();
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
