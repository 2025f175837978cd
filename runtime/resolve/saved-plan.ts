import { canonicalJson, type Value } from '../../stdlib/index.ts';
import { planSchemaProblems, type Plan } from '../../compiler/plan/index.ts';
import { RESOLUTION_FORMAT_VERSION, type Resolution } from './types.ts';

export const SAVED_PLAN_FORMAT_VERSION = '1';

/**
 * What `mbp plan --out FILE` writes and `mbp apply FILE` reads: the plan as
 * compiled and its resolution, which holds the inventory serial and the
 * version of every object read. Secrets appear only as references, as in
 * the plan itself.
 */
export interface SavedPlan {
  readonly format_version: typeof SAVED_PLAN_FORMAT_VERSION;
  readonly kind: 'mbp-saved-plan';
  readonly plan: Plan;
  readonly resolution: Resolution;
}

/** The file's text: indented JSON, keys sorted, final newline; the same inputs give the same bytes. */
export function savedPlanToJson(plan: Plan, resolution: Resolution): string {
  const saved: SavedPlan = { format_version: SAVED_PLAN_FORMAT_VERSION, kind: 'mbp-saved-plan', plan, resolution };
  return `${canonicalJson(saved as unknown as Value, 2)}\n`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a saved plan. The plan part is checked against the plan schema;
 * the resolution's header (format, serial, object versions) is checked
 * because staleness rests on it.
 */
export function parseSavedPlan(text: string): { readonly ok: true; readonly saved: SavedPlan } | { readonly ok: false; readonly problems: readonly string[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${(error as Error).message}`] };
  }
  if (!isRecord(doc) || doc['kind'] !== 'mbp-saved-plan') return { ok: false, problems: ['not a saved plan (written by `mbp plan --out FILE`)'] };
  const problems: string[] = [];
  if (doc['format_version'] !== SAVED_PLAN_FORMAT_VERSION) problems.push(`format_version: expected "${SAVED_PLAN_FORMAT_VERSION}" (found ${JSON.stringify(doc['format_version'])})`);
  problems.push(...planSchemaProblems(doc['plan']).map((p) => `plan: ${p}`));
  const r = doc['resolution'];
  const reads = isRecord(r) ? r['inventory'] : undefined;
  if (!isRecord(r) || r['format_version'] !== RESOLUTION_FORMAT_VERSION) problems.push(`resolution.format_version: expected "${RESOLUTION_FORMAT_VERSION}"`);
  else if (!isRecord(reads) || typeof reads['serial'] !== 'number' || !Array.isArray(reads['objects'])) problems.push('resolution.inventory: needs a serial and the objects read');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, saved: doc as unknown as SavedPlan };
}
