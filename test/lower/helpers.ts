import { compileBlueprint, type CompileResult } from '../../compiler/lower/index.ts';
import { renderDiagnostics } from '../../compiler/diagnostics/index.ts';
import { ancestorsOf, type Plan, type PlanStep } from '../../compiler/plan/index.ts';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';
import { fail } from '../support/index.ts';

/** Where blueprints compiled in memory live; paths in their plans are relative to it. */
export const PROJECT = '/proj';

/** Compiles `files` (paths relative to PROJECT, the first one is the entry) held in memory. */
export async function compileFiles(files: Readonly<Record<string, string>>, params: readonly string[] = []): Promise<CompileResult> {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`${PROJECT}/${p}`, t])));
  const entry = `${PROJECT}/${Object.keys(files)[0]}`;
  return compileBlueprint(fs, entry, { cwd: PROJECT, paramFlags: params });
}

/** The plan of a blueprint that must compile without errors (the diagnostics are shown otherwise). */
export async function planOf(text: string, params: readonly string[] = [], extra: Readonly<Record<string, string>> = {}): Promise<Plan> {
  const result = await compileFiles({ 'main.mbp': text, ...extra }, params);
  if (!result.plan) fail('the blueprint did not compile', renderDiagnostics(result.diagnostics, result.sources, { cwd: PROJECT, color: false }));
  return result.plan;
}

export function step(steps: readonly PlanStep[], id: string): PlanStep {
  const found = steps.find((s) => s.id === id);
  if (!found) fail(`no step ${id}`, steps.map((s) => s.id));
  return found;
}

/** Whether `before` must be done before `after` can start (`needs`, transitively). */
export function precedes(steps: readonly PlanStep[], before: string, after: string): boolean {
  return ancestorsOf(steps, after).has(before);
}

/** Ids of the steps whose id starts with `prefix`. */
export function idsUnder(steps: readonly PlanStep[], prefix: string): string[] {
  return steps.filter((s) => s.id.startsWith(prefix)).map((s) => s.id);
}
