import { normalizeMac } from '../drivers/index.ts';
import { parseCsv, CsvSyntaxError } from './csv.ts';
import type { InventoryProblem } from './errors.ts';
import { credentialRefSchema, nameSchema } from './schema.ts';
import type { Inventory, Server } from './types.ts';
import { describeSchemaErrors, findInventoryProblems, validatorFor } from './validate.ts';

/**
 * Servers from an operator's file (`mbp inventory import FILE`), CSV or
 * JSON. Each record: serial number, type, rack (the datacenter follows from
 * it), tags, BMC driver/address/credentials reference, and NICs with MAC and
 * switch port; id and name are optional (next free id, `srv-NNNN`). Imported
 * servers start `available` unless the record says `maintenance`.
 *
 * CSV columns: id, name, serial_number, type, datacenter, rack, tags (split on
 * `;` or spaces), status, bmc_driver, bmc_address, bmc_credentials, and
 * nic<N>_mac, nic<N>_switch, nic<N>_port for N = 0, 1, ….
 */

export interface ImportedServer {
  id?: number;
  name?: string;
  serial_number: string;
  type: string;
  datacenter?: string;
  rack: string;
  tags?: string[];
  status?: 'available' | 'maintenance';
  bmc: { driver: string; address: string; credentials: string };
  nics: { index?: number; mac: string; switch: string; port: string }[];
  ssh_host_key?: string | null;
}

/** A record and how to name it in messages (`line 4` of a CSV, `servers[2]` of a JSON file). */
export interface ImportRecord {
  readonly where: string;
  readonly csv: boolean;
  readonly value: unknown;
}

const record = {
  type: 'object',
  additionalProperties: false,
  required: ['serial_number', 'type', 'rack', 'bmc', 'nics'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    name: nameSchema,
    serial_number: { type: 'string', minLength: 1 },
    type: { type: 'string', minLength: 1 },
    datacenter: { type: 'string', minLength: 1 },
    rack: { type: 'string', minLength: 1 },
    tags: { type: 'array', items: { type: 'string' } },
    status: { enum: ['available', 'maintenance'] },
    bmc: {
      type: 'object',
      additionalProperties: false,
      required: ['driver', 'address', 'credentials'],
      properties: { driver: nameSchema, address: { type: 'string', minLength: 1 }, credentials: credentialRefSchema },
    },
    nics: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['mac', 'switch', 'port'],
        properties: {
          index: { type: 'integer', minimum: 0 },
          mac: { type: 'string', pattern: '^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$', description: 'a MAC address like 02:00:00:00:00:01' },
          switch: { type: 'string', minLength: 1 },
          port: { type: 'string', minLength: 1 },
        },
      },
    },
    ssh_host_key: { type: ['string', 'null'] },
  },
} as const;

const FIXED_COLUMNS = ['id', 'name', 'serial_number', 'type', 'datacenter', 'rack', 'tags', 'status', 'bmc_driver', 'bmc_address', 'bmc_credentials'];
const NIC_COLUMN = /^nic(\d+)_(mac|switch|port)$/;

/** In a CSV, name a problem by the column the user wrote, not the record field. */
function csvField(path: string): string {
  return path.replace(/^bmc\./, 'bmc_').replace(/^nics\[(\d+)\]\./, (_, n: string) => `nic${n}_`);
}

function csvRecords(text: string, problems: InventoryProblem[]): ImportRecord[] {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      problems.push({ path: `line ${e.line}`, message: e.message.replace(/^line \d+: /, '') });
      return [];
    }
    throw e;
  }
  const [header, ...body] = rows;
  if (header === undefined) return [];
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  columns.forEach((c) => {
    if (!FIXED_COLUMNS.includes(c) && !NIC_COLUMN.test(c)) {
      problems.push({ path: `line ${header.line}`, message: `unknown column ${JSON.stringify(c)} (columns: ${FIXED_COLUMNS.join(', ')}, nic0_mac, nic0_switch, nic0_port, …)` });
    }
  });
  return body.map((row) => {
    const cell = new Map<string, string>();
    columns.forEach((c, i) => {
      const v = row.fields[i]?.trim() ?? '';
      if (v !== '') cell.set(c, v);
    });
    if (row.fields.length > columns.length) {
      problems.push({ path: `line ${row.line}`, message: `${row.fields.length} fields but the header has ${columns.length}` });
    }
    const nics: Record<string, string | number>[] = [];
    for (const [c, v] of cell) {
      const m = NIC_COLUMN.exec(c);
      if (m === null) continue;
      const n = Number(m[1]);
      nics[n] ??= { index: n };
      (nics[n] as Record<string, string | number>)[m[2] ?? ''] = v;
    }
    const value: Record<string, unknown> = {};
    for (const key of ['name', 'serial_number', 'type', 'datacenter', 'rack', 'status']) {
      const v = cell.get(key);
      if (v !== undefined) value[key] = v;
    }
    const id = cell.get('id');
    if (id !== undefined) value.id = /^\d+$/.test(id) ? Number(id) : id;
    const tags = cell.get('tags');
    if (tags !== undefined) value.tags = tags.split(/[;\s]+/).filter((t) => t !== '');
    const bmc: Record<string, string> = {};
    for (const key of ['driver', 'address', 'credentials']) {
      const v = cell.get(`bmc_${key}`);
      if (v !== undefined) bmc[key] = v;
    }
    if (Object.keys(bmc).length > 0) value.bmc = bmc;
    // Sparse when a middle NIC is missing: report it rather than renumber silently.
    const dense = Array.from(nics, (n, i) => n ?? { index: i });
    if (dense.length > 0) value.nics = dense;
    return { where: `line ${row.line}`, csv: true, value };
  });
}

function jsonRecords(text: string, problems: InventoryProblem[]): ImportRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    problems.push({ path: '', message: `not valid JSON: ${(e as Error).message}` });
    return [];
  }
  const list = Array.isArray(doc) ? doc : (doc as { servers?: unknown } | null)?.servers;
  if (!Array.isArray(list)) {
    problems.push({ path: '', message: 'expected a list of servers, or an object with a "servers" list' });
    return [];
  }
  const base = Array.isArray(doc) ? '' : 'servers';
  return list.map((value, i) => ({ where: `${base}[${i}]`, csv: false, value }));
}

/** Reads CSV or JSON (by extension, else by the first character). */
export function readServerImport(file: string, text: string): { records: ImportRecord[]; problems: InventoryProblem[] } {
  const problems: InventoryProblem[] = [];
  const json = /\.json$/i.test(file) || (!/\.csv$/i.test(file) && /^\s*[[{]/.test(text));
  const records = json ? jsonRecords(text, problems) : csvRecords(text, problems);
  if (records.length === 0 && problems.length === 0) problems.push({ path: '', message: 'the file holds no servers' });
  return { records, problems };
}

function label(rec: ImportRecord, path: string): string {
  if (path === '') return rec.where;
  if (rec.csv) return `${rec.where}: ${csvField(path)}`;
  return `${rec.where}.${path}`;
}

function toServer(v: ImportedServer, id: number, inv: Inventory): Server {
  const rack = inv.racks.find((r) => r.id === v.rack);
  return {
    id,
    name: v.name ?? `srv-${String(id).padStart(4, '0')}`,
    serial_number: v.serial_number,
    type: v.type,
    tags: [...new Set(v.tags ?? [])],
    datacenter: v.datacenter ?? rack?.datacenter ?? '',
    rack: v.rack,
    status: v.status ?? 'available',
    bmc: { ...v.bmc },
    nics: v.nics.map((n, i) => ({ index: n.index ?? i, mac: normalizeMac(n.mac) ?? n.mac, switch: n.switch, port: n.port })),
    ssh_host_key: v.ssh_host_key ?? null,
    failure_count: 0,
    allocation: null,
    version: 0,
  };
}

/**
 * Adds the records to `draft` as new servers, or returns the problems (and
 * leaves `draft` unchanged) when any record is bad: all or nothing. Problems
 * name the record (`line 4: nic0_mac`, `servers[2].rack`).
 */
export function addImportedServers(draft: Inventory, records: readonly ImportRecord[]): { added: Server[]; problems: InventoryProblem[] } {
  const validate = validatorFor(record);
  const problems: InventoryProblem[] = [];
  const good: { rec: ImportRecord; value: ImportedServer }[] = [];
  for (const rec of records) {
    if (validate(rec.value)) good.push({ rec, value: rec.value as ImportedServer });
    else for (const p of describeSchemaErrors(validate.errors ?? [])) problems.push({ path: label(rec, p.path), message: p.message });
  }
  if (problems.length > 0) return { added: [], problems };

  const racks = new Set(draft.racks.map((r) => r.id));
  for (const { rec, value } of good) {
    if (!racks.has(value.rack)) {
      const known = [...racks].slice(0, 8).join(', ');
      problems.push({ path: label(rec, 'rack'), message: `unknown rack ${JSON.stringify(value.rack)}${racks.size === 0 ? ' (the inventory has no racks yet)' : ` (known: ${known}${racks.size > 8 ? ', …' : ''})`}` });
    }
  }
  if (problems.length > 0) return { added: [], problems };

  const trial = structuredClone(draft);
  let nextId = trial.servers.reduce((max, s) => Math.max(max, s.id), 0) + 1;
  const explicit = new Set(good.flatMap((g) => (g.value.id === undefined ? [] : [g.value.id])));
  const firstNew = trial.servers.length;
  for (const { value } of good) {
    let id = value.id;
    if (id === undefined) {
      while (explicit.has(nextId)) nextId++;
      id = nextId++;
    }
    trial.servers.push(toServer(value, id, trial));
  }
  // Integrity of the whole result: unknown rack/type/switch/port, duplicate ids, serials and MACs, ports wired twice.
  for (const p of findInventoryProblems({ ...trial, servers: trial.servers.map((s) => ({ ...s, version: Math.max(1, s.version) })) })) {
    const m = /^servers\[(\d+)\]\.?(.*)$/.exec(p.path);
    const index = m === null ? -1 : Number(m[1]) - firstNew;
    const rec = good[index]?.rec;
    problems.push(rec === undefined ? p : { path: label(rec, m?.[2] ?? ''), message: p.message });
  }
  if (problems.length > 0) return { added: [], problems };
  draft.servers = trial.servers;
  return { added: trial.servers.slice(firstNew), problems: [] };
}
