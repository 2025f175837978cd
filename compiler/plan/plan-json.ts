import { canonicalJson, type Value } from '../../stdlib/index.ts';
import type { Plan } from './types.ts';

/**
 * The plan file's text: two-space indented JSON with every object's keys
 * sorted and a final newline. Arrays keep their order (step order is the
 * executor's preference; IR `object` entries keep written order), so the
 * same plan always gives the same bytes.
 */
export function planToJson(plan: Plan): string {
  return `${canonicalJson(plan as unknown as Value, 2)}\n`;
}
