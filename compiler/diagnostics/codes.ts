import type { CodeEntry } from './code-table.ts';
import { deploymentCodes } from './codes-deployment.ts';
import { inputCodes } from './codes-input.ts';
import { internalCodes } from './codes-internal.ts';
import { inventoryCodes } from './codes-inventory.ts';
import { nameCodes } from './codes-names.ts';
import { syntaxCodes } from './codes-syntax.ts';
import { tsHookCodes } from './codes-ts-hooks.ts';
import { typeCodes } from './codes-types.ts';

/**
 * The one table of diagnostic codes, assembled from one file per range:
 * MBP1xxx syntax, MBP2xxx names and types, MBP3xxx deployment rules,
 * MBP4xxx inventory checks, MBP9xxx internal. A test checks that every code
 * is unique, well-formed and emitted by at least one test input.
 */
export const CODES = {
  ...syntaxCodes,
  ...inputCodes,
  ...internalCodes,
  ...tsHookCodes,
  ...nameCodes,
  ...typeCodes,
  ...deploymentCodes,
  ...inventoryCodes,
} as const;

export type Code = keyof typeof CODES;

/** Every range file, kept apart so the uniqueness test can see collisions the spread would hide. */
export const CODE_RANGES: readonly (Readonly<Record<string, CodeEntry>>)[] = [syntaxCodes, inputCodes, internalCodes, tsHookCodes, nameCodes, typeCodes, deploymentCodes, inventoryCodes];

export function codeEntry(code: string): CodeEntry | undefined {
  return (CODES as Record<string, CodeEntry>)[code];
}
