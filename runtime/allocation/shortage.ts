import { SERVER_STATUSES, type Server, type ServerStatus } from '../inventory/index.ts';
import { compareText } from '../../stdlib/index.ts';
import { holderWords, statusWords } from './messages.ts';
import { missingTags, type ServerIndex } from './server-index.ts';
import type { Holder, ShortageBreakdown } from './types.ts';

/** A server claimed in this call: kept by its array, released by it, or newly assigned. */
export type ClaimKind = 'kept' | 'released' | 'new';

/** What the shortage explanation needs to know about the request that fell short. */
export interface ShortageContext {
  readonly infrastructure: string;
  readonly array: string;
  readonly datacenter: string;
  readonly serverType: string;
  readonly tags: readonly string[];
  readonly spread: boolean;
  /** New servers wanted for the type. */
  readonly needed: number;
  /** Kept servers of the type that stay. */
  readonly kept: number;
  /** How the server stands in this call: claimed by whom, or being released by this request. */
  readonly claimOf: (id: number) => { readonly holder: Holder; readonly self: boolean; readonly kind: ClaimKind } | undefined;
  /** Eligible for this request when unclaimed (free, or held by this infrastructure without an instance). */
  readonly eligible: (s: Server) => boolean;
}

/**
 * Explains a shortage by sorting every server of the type in the datacenter
 * into exactly one bucket, in this order: lacks a required tag; taken by this
 * request (counted as available: it was); claimed by another request of the
 * call or held in the inventory (used by); otherwise its status. Only runs
 * when a request falls short, so scanning the group is fine.
 */
export function explainShortage(index: ServerIndex, ctx: ShortageContext): { breakdown: ShortageBreakdown; message: string } {
  let available = 0;
  let beingRemoved = 0;
  const usedBy = new Map<string, { holder: Holder; count: number }>();
  const byStatus = new Map<ServerStatus, number>();
  const missing = new Map<string, { missing: string[]; count: number }>();
  const availableByRack = new Map<string, number>();
  const countAvailable = (s: Server) => {
    available++;
    availableByRack.set(s.rack, (availableByRack.get(s.rack) ?? 0) + 1);
  };
  const addHolder = (h: Holder) => {
    // Same infrastructure: by array; another one: by infrastructure only, which is what its owner can act on.
    const holder: Holder = h.infrastructure === ctx.infrastructure && h.array !== undefined ? { infrastructure: h.infrastructure, array: h.array } : { infrastructure: h.infrastructure };
    const key = `${holder.infrastructure}\u0000${holder.array ?? ''}`;
    const e = usedBy.get(key);
    if (e === undefined) usedBy.set(key, { holder, count: 1 });
    else e.count++;
  };

  for (const s of index.group(ctx.datacenter, ctx.serverType)?.all ?? []) {
    const claim = ctx.claimOf(s.id);
    if (claim?.self === true && claim.kind === 'kept') continue; // counted in `kept`
    const lacks = missingTags(s, ctx.tags);
    if (lacks.length > 0) {
      const key = lacks.join('\u0000');
      const e = missing.get(key);
      if (e === undefined) missing.set(key, { missing: lacks, count: 1 });
      else e.count++;
      continue;
    }
    if (claim !== undefined) {
      if (claim.self && claim.kind === 'released') beingRemoved++;
      else if (claim.self) countAvailable(s);
      else addHolder(claim.holder);
      continue;
    }
    const hold = index.holds.get(s.id);
    if (hold !== undefined && (hold.infrastructure !== ctx.infrastructure || hold.array !== undefined)) {
      if (hold.infrastructure === ctx.infrastructure && hold.array === ctx.array) beingRemoved++;
      else addHolder(hold);
      continue;
    }
    if (ctx.eligible(s)) countAvailable(s);
    else byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  }

  const breakdown: ShortageBreakdown = {
    available,
    usedBy: [...usedBy.values()].sort(
      (a, b) =>
        Number(a.holder.infrastructure === ctx.infrastructure) - Number(b.holder.infrastructure === ctx.infrastructure) ||
        compareText(a.holder.infrastructure, b.holder.infrastructure) ||
        compareText(a.holder.array ?? '', b.holder.array ?? ''),
    ),
    byStatus: SERVER_STATUSES.filter((st) => byStatus.has(st)).map((status) => ({ status, count: byStatus.get(status)! })),
    missingTags: [...missing.values()].sort((a, b) => a.missing.length - b.missing.length || compareText(a.missing.join(','), b.missing.join(','))),
    beingRemoved,
    ...(ctx.spread ? { availableByRack: [...availableByRack].sort(([a], [b]) => compareText(a, b)).map(([rack, count]) => ({ rack, count })) } : {}),
  };
  return { breakdown, message: shortageMessage(ctx, breakdown) };
}

function shortageMessage(ctx: ShortageContext, b: ShortageBreakdown): string {
  const tagText = ctx.tags.length === 0 ? '' : ` with tag${ctx.tags.length > 1 ? 's' : ''} ${ctx.tags.join(', ')}`;
  const head =
    ctx.kept > 0
      ? `need ${ctx.needed} more ${ctx.serverType}${tagText} in ${ctx.datacenter} (${ctx.needed + ctx.kept} in all, ${ctx.kept} kept)`
      : `need ${ctx.needed} ${ctx.serverType}${tagText} in ${ctx.datacenter}`;
  const total =
    b.available + b.beingRemoved + b.usedBy.reduce((n, e) => n + e.count, 0) + b.byStatus.reduce((n, e) => n + e.count, 0) + b.missingTags.reduce((n, e) => n + e.count, 0);
  if (total === 0) return `${head}: ${ctx.datacenter} has ${ctx.kept > 0 ? 'no other' : 'no'} ${ctx.serverType} server`;
  const parts = [`${b.available} available`];
  for (const e of b.usedBy) parts.push(`${e.count} used by ${holderWords(e.holder, ctx.infrastructure)}`);
  if (b.beingRemoved > 0) parts.push(`${b.beingRemoved} being released from this array`);
  for (const e of b.byStatus) parts.push(`${e.count} ${statusWords(e.status)}`);
  for (const e of b.missingTags) parts.push(`${e.count} without tag${e.missing.length > 1 ? 's' : ''} ${e.missing.join(', ')}`);
  const racks = b.availableByRack !== undefined && b.availableByRack.length > 0 ? ` (available by rack: ${b.availableByRack.map((r) => `${r.rack} ${r.count}`).join(', ')})` : '';
  return `${head}: ${parts.join(', ')}${racks}`;
}
