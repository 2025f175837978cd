import fs from 'node:fs';
import type { CheckResult } from '../../compiler/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { parseAnnotations, type Annotations, type Expectation } from './annotations.ts';
import { checkPaths } from './check.ts';

/** Where a file that cannot hold comments (empty, whitespace only) keeps its annotations: `empty.mbp` → `empty.expect`. */
export function sidecarOf(file: string): string {
  return file.replace(/\.mbp$/, '.expect');
}

/**
 * Annotations of an input file: read from its text as the loader would
 * decode it (invalid UTF-8 replaced, a BOM dropped, so positions match), plus
 * its sidecar if there is one.
 */
export function readAnnotations(file: string): Annotations {
  const text = new TextDecoder('utf-8').decode(fs.readFileSync(file));
  const own = parseAnnotations(text);
  const sidecar = sidecarOf(file);
  if (!fs.existsSync(sidecar)) return own;
  const extra = parseAnnotations(fs.readFileSync(sidecar, 'utf8'), { relativeAllowed: false });
  return {
    expectations: [...own.expectations, ...extra.expectations],
    none: own.none || extra.none,
    errors: [...own.errors, ...extra.errors.map((e) => `${sidecar}: ${e}`)],
  };
}

export interface Emitted {
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly diagnostic: Diagnostic;
}

/** The diagnostics of a result for one file, with the line:col of their primary span's start (1:1 when the text is unknown). */
export function emittedFor(result: CheckResult, file: string): Emitted[] {
  const source = result.sources.get(file);
  return result.diagnostics.map((d) => {
    const at = d.file === file && source ? source.positionAt(d.range.start) : { line: 1, column: 1 };
    return { code: d.code, line: at.line, column: at.column, diagnostic: d };
  });
}

const key = (x: { code: string; line: number; column: number }): string => `${x.code} at ${x.line}:${x.column}`;

/**
 * Compares emitted diagnostics with the expectations as multisets of
 * (code, position): each expectation consumes one diagnostic, so K expected
 * errors on a line need exactly K diagnostics there. Returns one line per
 * problem (missing, unexpected, a `fix`/`help` clause not met).
 */
export function compareWithExpectations(emitted: readonly Emitted[], file: string, expectations: readonly Expectation[]): string[] {
  const problems: string[] = [];
  const left = [...emitted];
  for (const e of expectations) {
    const index = left.findIndex((d) => key(d) === key(e) && d.diagnostic.file === file);
    if (index < 0) {
      problems.push(`missing: ${key(e)} (annotation on line ${e.annotationLine})`);
      continue;
    }
    const [d] = left.splice(index, 1);
    const diagnostic = d!.diagnostic;
    if (e.fix !== undefined && !diagnostic.fixes.some((f) => f.edits.some((edit) => edit.text === e.fix))) {
      const offered = diagnostic.fixes.flatMap((f) => f.edits.map((edit) => JSON.stringify(edit.text)));
      problems.push(`${key(e)}: expected a fix-it writing ${JSON.stringify(e.fix)}; offered: ${offered.join(', ') || 'none'}`);
    }
    if (e.help !== undefined && !(diagnostic.help ?? '').includes(e.help)) {
      problems.push(`${key(e)}: expected help containing ${JSON.stringify(e.help)}; got ${JSON.stringify(diagnostic.help ?? null)}`);
    }
  }
  for (const d of left) {
    const where = d.diagnostic.file === file ? '' : ` in ${d.diagnostic.file}`;
    problems.push(`unexpected: ${key(d)}${where}: ${d.diagnostic.message}`);
  }
  return problems;
}

export interface CaseOutcome {
  readonly file: string;
  readonly annotations: Annotations;
  readonly result: CheckResult;
  readonly problems: readonly string[];
}

/** Checks one annotated case file through `mbp check` and compares the result with its annotations. */
export async function runAnnotatedCase(file: string): Promise<CaseOutcome> {
  const annotations = readAnnotations(file);
  const result = await checkPaths([file]);
  const problems = [...annotations.errors];
  if (annotations.expectations.length === 0 && !annotations.none) {
    problems.push('no `// expect …` annotation (write `// expect none` for an input that must check clean)');
  }
  problems.push(...compareWithExpectations(emittedFor(result, file), file, annotations.expectations));
  return { file, annotations, result, problems };
}
