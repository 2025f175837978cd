/**
 * Public API of the standard library: functions, step kinds, OS templates,
 * enums, the language's types and the run-time value representation. The
 * checker, the runtime evaluator and the language server import from here.
 */
import { FUNCTIONS, type FunctionDef } from './functions/index.ts';
import { OS_TEMPLATES, type OsTemplateDef } from './os/index.ts';
import { STEPS, type StepDef } from './steps/index.ts';

export * from './types.ts';
export * from './values.ts';
export { literalText, formatDuration, formatSize } from './literal-text.ts';
export { compareText } from './by-name.ts';
export * from './enums.ts';
export type { ReferenceKind } from './references.ts';
export * from './functions/index.ts';
export * from './steps/index.ts';
export * from './os/index.ts';

export function lookupFunction(name: string): FunctionDef | undefined {
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

/** By full dotted name: `std.ssh.exec`, `std.ready.ssh`. */
export function lookupStep(name: string): StepDef | undefined {
  return Object.hasOwn(STEPS, name) ? STEPS[name] : undefined;
}

/** By full dotted name: `std.os.rocky_9`. */
export function lookupOsTemplate(name: string): OsTemplateDef | undefined {
  return Object.hasOwn(OS_TEMPLATES, name) ? OS_TEMPLATES[name] : undefined;
}

/** Function names, sorted, for completion. */
export function functionNames(): readonly string[] {
  return Object.keys(FUNCTIONS);
}

/** Step kind names, sorted, for completion; `context` narrows to steps or to readiness checks. */
export function stepNames(context?: StepDef['context']): readonly string[] {
  return Object.values(STEPS)
    .filter((s) => context === undefined || s.context === context)
    .map((s) => s.name);
}

export function osTemplateNames(): readonly string[] {
  return Object.keys(OS_TEMPLATES);
}

/**
 * Completion after a dot in a `std.` path: `stdChildren("std")` gives
 * `http, ipam, os, provision, ready, ssh, ts, wait, workflow`;
 * `stdChildren("std.ssh")` gives `copy, exec`. Unknown paths give [].
 */
export function stdChildren(path: string): readonly string[] {
  const prefix = `${path}.`;
  const children = new Set<string>();
  for (const name of [...Object.keys(STEPS), ...Object.keys(OS_TEMPLATES)]) {
    if (name.startsWith(prefix)) children.add(name.slice(prefix.length).split('.')[0] as string);
  }
  return [...children].sort();
}
