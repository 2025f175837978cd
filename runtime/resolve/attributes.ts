import { canonicalJson, type Value } from '../../stdlib/index.ts';
import type { PlanArray, PlanHook } from '../../compiler/plan/index.ts';
import type { DeployedArray, JsonValue } from '../inventory/index.ts';
import type { AttributeChange } from './types.ts';

/**
 * The attribute table (docs/plan-resolution.md): what a change to each
 * attribute of a deployed array does. Server type, template and boot need
 * the OS installed again (a replacement); ports, hooks and hostname are
 * updated in place; count scales. Tags, spread, prefer and rollout only
 * govern how new servers are chosen and rolled out, so they change nothing
 * that is running.
 */
export const ATTRIBUTE_EFFECTS = {
  server_type: 'replace',
  template: 'replace',
  boot: 'replace',
  count: 'scale',
  server_types: 'scale',
  ports: 'update',
  hooks: 'update',
  hostname: 'update',
  vars: 'update',
} as const satisfies Readonly<Record<string, AttributeChange['effect']>>;

/** The array's own hooks (provision, deprovision), as the inventory snapshot records them. */
function arrayHooks(infrastructure: string, array: string, hooks: readonly PlanHook[]): JsonValue {
  const prefix = `${infrastructure}/${array}/`;
  return hooks
    .filter((h) => (h.phase === 'provision' || h.phase === 'deprovision') && h.id.startsWith(prefix))
    .map((h) => ({ id: h.id, phase: h.phase, level: h.level, workflow: h.workflow }));
}

/**
 * The snapshot `mbp apply` stores as a deployed array's `attributes`, and
 * the next plan compares against: the update-in-place attributes that the
 * array's other fields (count, server types, template, boot) do not hold.
 */
export function arrayAttributes(infrastructure: string, name: string, array: PlanArray, hooks: readonly PlanHook[]): { [key: string]: JsonValue } {
  return {
    ports: array.ports.map((p) => ({ index: p.index, network: p.network })),
    hostname: array.hostname as unknown as JsonValue,
    hooks: arrayHooks(infrastructure, name, hooks),
  };
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a as Value) === canonicalJson(b as Value);

export const splitText = (split: Readonly<Record<string, number>>): string =>
  Object.entries(split)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} × ${n}`)
    .join(', ') || 'none';

function describe(attribute: string, value: JsonValue | undefined): string {
  if (value === undefined) return 'none';
  if (attribute === 'ports' && Array.isArray(value)) {
    return value.map((p) => (typeof p === 'object' && p !== null && !Array.isArray(p) ? `${p['index']}→${p['network']}` : '?')).join(', ') || 'none';
  }
  if (attribute === 'hooks' && Array.isArray(value)) {
    return value.map((h) => (typeof h === 'object' && h !== null && !Array.isArray(h) ? String(h['workflow']) : '?')).join(', ') || 'none';
  }
  if (attribute === 'hostname') return hostnameText(value);
  return canonicalJson(value as Value);
}

/** A hostname pattern as written: `"web-${instance.index}"` rather than its IR. */
function hostnameText(ir: JsonValue): string {
  if (typeof ir === 'object' && ir !== null && !Array.isArray(ir)) {
    if (typeof ir['lit'] === 'string') return JSON.stringify(ir['lit']);
    const parts = ir['interpolate'];
    if (Array.isArray(parts)) {
      const text = parts.map((p) => {
        if (typeof p === 'string') return p;
        const ref = typeof p === 'object' && p !== null && !Array.isArray(p) ? p['ref'] : undefined;
        return Array.isArray(ref) ? `\${${ref.join('.')}}` : '${…}';
      });
      return JSON.stringify(text.join(''));
    }
  }
  return canonicalJson(ir as Value);
}

/**
 * How a deployed array differs from the plan's, attribute by attribute.
 * A server type the array no longer wants is a replacement; a new type or
 * other counts in a split are a scale. Attributes the deployed record does
 * not hold (an array recorded without a snapshot) are not compared.
 */
export function arrayChanges(
  deployed: DeployedArray,
  plan: PlanArray,
  count: number,
  split: Readonly<Record<string, number>>,
  attributes: { readonly [key: string]: JsonValue },
): AttributeChange[] {
  const out: AttributeChange[] = [];
  const before = Object.entries(deployed.server_types).filter(([, n]) => n > 0);
  const dropped = before.some(([t]) => (split[t] ?? 0) === 0);
  const splitBefore = splitText(deployed.server_types);
  const splitAfter = splitText(split);
  if (dropped) out.push({ attribute: 'server_type', effect: ATTRIBUTE_EFFECTS.server_type, from: splitBefore, to: splitAfter });
  else if (splitBefore !== splitAfter && Object.keys(split).length > 1) out.push({ attribute: 'server_types', effect: ATTRIBUTE_EFFECTS.server_types, from: splitBefore, to: splitAfter });
  if (deployed.count !== count) out.push({ attribute: 'count', effect: ATTRIBUTE_EFFECTS.count, from: String(deployed.count), to: String(count) });
  if (deployed.template !== plan.template.name) out.push({ attribute: 'template', effect: ATTRIBUTE_EFFECTS.template, from: deployed.template, to: plan.template.name });
  if (deployed.boot !== plan.boot) out.push({ attribute: 'boot', effect: ATTRIBUTE_EFFECTS.boot, from: deployed.boot, to: plan.boot });
  for (const attribute of ['ports', 'hooks', 'hostname'] as const) {
    const old = deployed.attributes?.[attribute];
    if (old === undefined || same(old, attributes[attribute])) continue;
    out.push({ attribute, effect: ATTRIBUTE_EFFECTS[attribute], from: describe(attribute, old), to: describe(attribute, attributes[attribute]) });
  }
  return out;
}
