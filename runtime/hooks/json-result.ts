import type { JsonValue } from '../../stdlib/hooks-api/index.ts';

/**
 * The hook's return value as JSON, or the path and reason of the first
 * part that is not (a function, a Date, NaN...): later steps read it as
 * outputs, and the journal stores it. `undefined` is `null`; properties
 * that are `undefined` are left out, as `JSON.stringify` does.
 */
export function toJsonResult(value: unknown): { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly problem: string } {
  const problem = firstProblem(value, 'result', new Set());
  if (problem !== undefined) return { ok: false, problem };
  return { ok: true, value: value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue) };
}

function firstProblem(value: unknown, at: string, seen: Set<object>): string | undefined {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${at} is ${value}, which JSON cannot hold`;
  if (typeof value !== 'object') return `${at} is a ${typeof value}`;
  if (seen.has(value)) return `${at} refers back to itself`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const p = value[i] === undefined ? `${at}[${i}] is undefined` : firstProblem(value[i], `${at}[${i}]`, seen);
        if (p !== undefined) return p;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      return `${at} is a ${name}, not a plain object (convert it, e.g. a Date with toISOString())`;
    }
    for (const [key, v] of Object.entries(value)) {
      const p = firstProblem(v, `${at}.${key}`, seen);
      if (p !== undefined) return p;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}
