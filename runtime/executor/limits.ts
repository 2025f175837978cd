import { GraphError } from './errors.ts';

/**
 * How many nodes may hold keys of one resource class at once.
 *
 * - `perKey`: per key (`bmc: { perKey: 2 }` = two calls per BMC at a time);
 * - `total`: over all keys of the class (`ssh: { total: 32 }` connections);
 * - `span` (with `total`): a key is held from the start of its first node
 *   until every node naming it has settled, so `instance: { total: 50, span:
 *   true }` means 50 instances in flight, each finishing its steps before a
 *   51st one starts, rather than 10,000 instances each one step in.
 */
export interface ResourceLimit {
  readonly perKey?: number;
  readonly total?: number;
  readonly span?: boolean;
}

/**
 * By class. A number changes the figure of the class's default (perKey for
 * `bmc` and `switch`, total otherwise); an object replaces the default. A
 * class absent from both this and the defaults is unlimited.
 */
export type LimitsConfig = Readonly<Record<string, number | ResourceLimit>>;

/** DESIGN.md section 5: instances in flight, calls per BMC, sessions per switch, SSH connections. */
export const DEFAULT_LIMITS: Readonly<Record<string, ResourceLimit>> = Object.freeze({
  instance: { total: 50, span: true },
  bmc: { perKey: 2 },
  switch: { perKey: 4 },
  ssh: { total: 32 },
  http: { total: 32 },
});

export function resolveLimits(config: LimitsConfig = {}): ReadonlyMap<string, ResourceLimit> {
  const out = new Map<string, ResourceLimit>(Object.entries(DEFAULT_LIMITS));
  const problems: string[] = [];
  for (const [cls, value] of Object.entries(config)) {
    let limit: ResourceLimit;
    if (typeof value === 'number') {
      const base = out.get(cls);
      limit = base?.perKey !== undefined ? { ...base, perKey: value } : { ...base, total: value };
    } else {
      limit = value;
    }
    for (const [k, n] of [['perKey', limit.perKey], ['total', limit.total]] as const) {
      if (n !== undefined && !(Number.isInteger(n) && n >= 1)) problems.push(`limit ${cls}.${k} must be a whole number of at least 1 (got ${n})`);
    }
    if (limit.span && limit.total === undefined) problems.push(`limit ${cls}: span needs a total`);
    out.set(cls, limit);
  }
  if (problems.length > 0) throw new GraphError(problems);
  return out;
}

/** `bmc:srv-0042` → `bmc`; a key without a colon is its own class. */
export function resourceClass(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}
