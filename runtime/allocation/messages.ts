import type { Server, ServerStatus } from '../inventory/index.ts';
import type { Holder, ServerRef, SkipReason } from './types.ts';

export const serverLabel = (s: Server): string => `${s.name} (id ${s.id})`;

const refLabel = (ref: ServerRef): string => (typeof ref === 'number' ? `id ${ref}` : JSON.stringify(ref));

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

export function statusWords(status: ServerStatus): string {
  return status === 'maintenance' ? 'in maintenance' : status;
}

/** "infrastructure prod", "array worker of this infrastructure", "prod/db". */
export function holderWords(h: Holder, self: string): string {
  if (h.infrastructure === self) return h.array !== undefined ? `array ${h.array} of this infrastructure` : 'this infrastructure';
  return h.array !== undefined ? `infrastructure ${h.infrastructure} (array ${h.array})` : `infrastructure ${h.infrastructure}`;
}

/**
 * The sentence `mbp plan` shows for a skipped preference. It names the array,
 * the server and the reason, and says what happens instead, so nobody has to
 * look the reason code up.
 */
export function skipMessage(
  ref: ServerRef,
  server: Server | undefined,
  reason: SkipReason,
  where: { readonly infrastructure: string; readonly array: string },
): string {
  const who = `${where.infrastructure}/${where.array}`;
  if (server === undefined) {
    return `${who}: preferred server ${refLabel(ref)} was skipped: the inventory has no server with that id or name.`;
  }
  const head = `${who}: preferred server ${serverLabel(server)} was skipped`;
  const instead = '; another server of the right type is allocated instead.';
  switch (reason.kind) {
    case 'unknown':
      return `${head}: it is not in the inventory.`;
    case 'duplicate':
      return `${head}: it is listed more than once; only its first mention counts.`;
    case 'not_in_datacenter':
      return `${head}: it is in ${reason.datacenter}, not ${reason.wanted}${instead}`;
    case 'wrong_type':
      return `${head}: it is a ${server.type} and the array wants ${list(reason.wanted)}${instead}`;
    case 'missing_tags':
      return `${head}: it lacks the required tag${reason.missing.length > 1 ? 's' : ''} ${reason.missing.join(', ')}${instead}`;
    case 'used_by': {
      const by = holderWords(reason, where.infrastructure);
      return `${head}: it is ${reason.inThisPlan === true ? 'taken earlier in this plan' : 'used'} by ${by}${instead}`;
    }
    case 'quarantined':
      return `${head}: it is quarantined${instead}`;
    case 'not_available':
      return `${head}: it is ${statusWords(reason.status)}${instead}`;
    case 'not_needed':
      return `${head}: the array's ${reason.serverType} servers are already all assigned (kept or preferred earlier).`;
  }
}
