import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../runtime/clock/index.ts';
import {
  addImportedServers,
  createDemoInventory,
  createEmptyInventory,
  createFileExclusively,
  IllegalTransitionError,
  ImportError,
  InventoryCorruptError,
  InventoryExistsError,
  InventoryInvalidError,
  InventoryNotFoundError,
  JsonFileInventoryStore,
  OPERATOR_ACTIONS,
  parseInventoryText,
  readServerImport,
  serializeInventory,
  ServerNotFoundError,
  SERVER_STATUSES,
  transition,
  type Inventory,
  type InventoryProblem,
  type OperatorAction,
  type Server,
  type ServerStatus,
} from '../../runtime/inventory/index.ts';

/**
 * The `mbp inventory …` operator commands as plain functions: no commander,
 * no printing. Each takes the inventory path (see resolveInventoryPath),
 * returns a result object for text or JSON output, and throws an
 * InventoryError (with `hint` and `exitCode`) when it cannot do its job.
 */

export { resolveInventoryPath, DEFAULT_INVENTORY_PATH, INVENTORY_ENV } from '../../runtime/inventory/index.ts';

export interface CommandOptions {
  /** Time source for timestamps (tests pass a manual clock). */
  readonly clock?: Pick<Clock, 'now'>;
  /** Lock wait, default 10 s. */
  readonly timeoutMs?: number;
}

export function openStore(file: string, command: string, opts: CommandOptions): JsonFileInventoryStore {
  return new JsonFileInventoryStore(file, { command, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) });
}

// --- init -----------------------------------------------------------------

export interface InitResult {
  readonly path: string;
  readonly demo: boolean;
  readonly serial: number;
  readonly datacenters: number;
  readonly servers: number;
}

/** `mbp inventory init [--demo]`: the only way an inventory file comes to exist. Never overwrites one. */
export async function initInventory(file: string, opts: CommandOptions & { readonly demo?: boolean } = {}): Promise<InitResult> {
  const target = path.resolve(file);
  const now = new Date((opts.clock ?? systemClock).now());
  const inv = opts.demo === true ? createDemoInventory(now) : createEmptyInventory(now);
  await mkdir(path.dirname(target), { recursive: true });
  if (!(await createFileExclusively(target, serializeInventory(inv)))) throw new InventoryExistsError(target);
  return { path: target, demo: opts.demo === true, serial: inv.serial, datacenters: inv.datacenters.length, servers: inv.servers.length };
}

// --- show -----------------------------------------------------------------

type StatusCounts = Partial<Record<ServerStatus, number>>;

export interface InventorySummary {
  readonly path: string;
  readonly serial: number;
  readonly created_at: string;
  readonly datacenters: readonly {
    name: string;
    vlan_range: string;
    racks: number;
    switches: number;
    servers: number;
    by_status: StatusCounts;
  }[];
  readonly server_types: readonly { id: number; name: string; servers: number; available: number }[];
  readonly servers: readonly { id: number; name: string; type: string; datacenter: string; rack: string; status: ServerStatus; tags: readonly string[]; held_by: string | null }[];
  readonly infrastructures: readonly { name: string; datacenter: string; status: string; instances: number; blueprint: string }[];
  readonly reservations: readonly { run_id: string; infrastructure: string; pid: number; host: string; created_at: string; servers: number }[];
}

function countStatuses(servers: readonly Server[]): StatusCounts {
  const out: StatusCounts = {};
  for (const s of servers) out[s.status] = (out[s.status] ?? 0) + 1;
  return out;
}

function heldBy(s: Server): string | null {
  if (s.allocation === null) return null;
  return s.allocation.infrastructure ?? `run ${s.allocation.run_id}`;
}

export function summarizeInventory(file: string, inv: Inventory): InventorySummary {
  return {
    path: file,
    serial: inv.serial,
    created_at: inv.created_at,
    datacenters: inv.datacenters.map((dc) => {
      const servers = inv.servers.filter((s) => s.datacenter === dc.name);
      return {
        name: dc.name,
        vlan_range: `${dc.vlan_range.min}-${dc.vlan_range.max}`,
        racks: inv.racks.filter((r) => r.datacenter === dc.name).length,
        switches: inv.switches.filter((s) => s.datacenter === dc.name).length,
        servers: servers.length,
        by_status: countStatuses(servers),
      };
    }),
    server_types: inv.server_types.map((t) => {
      const servers = inv.servers.filter((s) => s.type === t.name);
      return { id: t.id, name: t.name, servers: servers.length, available: servers.filter((s) => s.status === 'available').length };
    }),
    servers: [...inv.servers]
      .sort((a, b) => a.id - b.id)
      .map((s) => ({ id: s.id, name: s.name, type: s.type, datacenter: s.datacenter, rack: s.rack, status: s.status, tags: s.tags, held_by: heldBy(s) })),
    infrastructures: inv.infrastructures.map((i) => ({ name: i.name, datacenter: i.datacenter, status: i.status, instances: i.instances.length, blueprint: i.blueprint.path })),
    reservations: inv.reservations.map((r) => ({ run_id: r.run_id, infrastructure: r.infrastructure, pid: r.pid, host: r.host, created_at: r.created_at, servers: r.servers.length })),
  };
}

/** `mbp inventory show`: what the inventory holds, validated as every load is. */
export async function showInventory(file: string, opts: CommandOptions = {}): Promise<InventorySummary> {
  const store = openStore(file, 'mbp inventory show', opts);
  return summarizeInventory(store.location, await store.read());
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}

function statusText(counts: StatusCounts): string {
  return SERVER_STATUSES.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

/** Plain text for a person; `servers: true` lists every server too. */
export function formatInventorySummary(s: InventorySummary, opts: { readonly servers?: boolean } = {}): string {
  const out = [`Inventory ${s.path} (serial ${s.serial}, created ${s.created_at})`, ''];
  if (s.datacenters.length === 0) out.push('No datacenters yet: add them to the file by hand or start from `mbp inventory init --demo`.');
  else {
    out.push(...table([['DATACENTER', 'VLANS', 'RACKS', 'SWITCHES', 'SERVERS'], ...s.datacenters.map((d) => [d.name, d.vlan_range, String(d.racks), String(d.switches), `${d.servers}${d.servers > 0 ? ` (${statusText(d.by_status)})` : ''}`])]));
  }
  if (s.server_types.length > 0) {
    out.push('', ...table([['TYPE', 'ID', 'SERVERS', 'AVAILABLE'], ...s.server_types.map((t) => [t.name, String(t.id), String(t.servers), String(t.available)])]));
  }
  if (s.infrastructures.length > 0) {
    out.push('', ...table([['INFRASTRUCTURE', 'DATACENTER', 'STATUS', 'INSTANCES', 'BLUEPRINT'], ...s.infrastructures.map((i) => [i.name, i.datacenter, i.status, String(i.instances), i.blueprint])]));
  }
  if (s.reservations.length > 0) {
    out.push('', ...table([['RESERVATION', 'INFRASTRUCTURE', 'SERVERS', 'HELD BY'], ...s.reservations.map((r) => [r.run_id, r.infrastructure, String(r.servers), `pid ${r.pid} on ${r.host} since ${r.created_at}`])]));
  }
  if (opts.servers === true && s.servers.length > 0) {
    out.push('', ...table([['ID', 'NAME', 'TYPE', 'RACK', 'STATUS', 'TAGS'], ...s.servers.map((v) => [String(v.id), v.name, v.type, v.rack, v.held_by === null ? v.status : `${v.status} (${v.held_by})`, v.tags.join(',')])]));
  }
  return `${out.join('\n')}\n`;
}

// --- validate -------------------------------------------------------------

export interface ValidationReport {
  readonly path: string;
  readonly valid: boolean;
  readonly serial: number | null;
  readonly problems: readonly InventoryProblem[];
}

/** `mbp inventory validate`: every problem in the file, without changing it. A missing file still throws. */
export async function validateInventory(file: string): Promise<ValidationReport> {
  const target = path.resolve(file);
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InventoryNotFoundError(target);
    throw e;
  }
  try {
    const inv = parseInventoryText(text, target);
    return { path: target, valid: true, serial: inv.serial, problems: [] };
  } catch (e) {
    if (e instanceof InventoryInvalidError) return { path: target, valid: false, serial: null, problems: e.problems };
    if (e instanceof InventoryCorruptError) return { path: target, valid: false, serial: null, problems: [{ path: '', message: `not valid JSON: ${e.detail}` }] };
    throw e;
  }
}

// --- import ---------------------------------------------------------------

export interface ImportResult {
  readonly path: string;
  readonly file: string;
  readonly imported: readonly { id: number; name: string; serial_number: string }[];
  readonly serial: number;
}

/** `mbp inventory import FILE`: servers from CSV or JSON, all in one transaction or none. */
export async function importServers(file: string, importFile: string, opts: CommandOptions = {}): Promise<ImportResult> {
  const text = await readFile(importFile, 'utf8');
  const { records, problems } = readServerImport(importFile, text);
  if (problems.length > 0) throw new ImportError(importFile, problems);
  const store = openStore(file, `mbp inventory import ${importFile}`, opts);
  return store.transaction((draft) => {
    const result = addImportedServers(draft, records);
    if (result.problems.length > 0) throw new ImportError(importFile, result.problems);
    return {
      path: store.location,
      file: importFile,
      imported: result.added.map((s) => ({ id: s.id, name: s.name, serial_number: s.serial_number })),
      serial: draft.serial + 1,
    };
  });
}

// --- server status ----------------------------------------------------------

export interface StatusChange {
  readonly id: number;
  readonly name: string;
  readonly from: ServerStatus;
  readonly to: ServerStatus;
  /** False when the server already had that status (nothing written). */
  readonly changed: boolean;
  readonly serial: number;
}

export function isOperatorAction(value: string): value is OperatorAction {
  return Object.prototype.hasOwnProperty.call(OPERATOR_ACTIONS, value);
}

function findServer(inv: Inventory, ref: string | number): Server | undefined {
  const text = String(ref).trim();
  if (/^\d+$/.test(text)) return inv.servers.find((s) => s.id === Number(text));
  return inv.servers.find((s) => s.name === text || s.serial_number === text);
}

/** `mbp inventory server quarantine|return|maintenance|retire ID` (ID: number, name or serial number). */
export async function setServerStatus(
  file: string,
  server: string | number,
  action: OperatorAction,
  opts: CommandOptions & { readonly reason?: string } = {},
): Promise<StatusChange> {
  const to = OPERATOR_ACTIONS[action];
  const clock = opts.clock ?? systemClock;
  const store = openStore(file, `mbp inventory server ${action} ${server}`, opts);
  return store.transaction((draft) => {
    const current = findServer(draft, server);
    if (current === undefined) throw new ServerNotFoundError(String(server));
    const base = { id: current.id, name: current.name, from: current.status, to };
    if (current.status === to) return { ...base, changed: false, serial: draft.serial };
    if (current.allocation !== null) {
      throw new IllegalTransitionError(
        current.id,
        current.status,
        to,
        [],
        `it is held by ${heldBy(current)}`,
        'Destroy that infrastructure (or let its run release the server) first; operator commands only move servers no infrastructure holds.',
      );
    }
    const next = transition(current, to, opts.reason ?? `operator: ${action}`, { actor: 'operator', at: new Date(clock.now()).toISOString() });
    draft.servers[draft.servers.indexOf(current)] = next;
    return { ...base, changed: true, serial: draft.serial + 1 };
  });
}
