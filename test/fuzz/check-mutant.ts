import { parse, tokenize } from '../../grammar/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { astSpanProblems, checkMemoryFile, diagnosticSpanProblems, parserInternalIn, unfilledPlaceholders } from '../support/index.ts';

/**
 * The invariants the front end keeps on any input: nothing throws, no
 * internal (MBP9xxx) diagnostic, every span inside the file and every child
 * span inside its parent's, no parser internals in a message, no template
 * placeholder left unfilled, no diagnostic reported twice. Returns one line
 * per broken invariant.
 */
const FILE = 'fuzz.mbp';

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message} ${(e.stack ?? '').split('\n').slice(1, 3).join(' ').trim()}` : String(e);
}

function diagnosticProblems(stage: string, diagnostics: readonly Diagnostic[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const key = `${d.file}|${d.code}|${d.range.start}|${d.range.end}|${d.message}`;
    if (seen.has(key)) problems.push(`${stage}: duplicated diagnostic ${d.code} at [${d.range.start}, ${d.range.end}): ${d.message}`);
    seen.add(key);
    for (const name of unfilledPlaceholders(d)) problems.push(`${stage}: ${d.code} left the placeholder {${name}} unfilled: ${d.message}`);
    if (d.code.startsWith('MBP9')) problems.push(`${stage}: internal diagnostic ${d.code}: ${d.message}`);
    for (const text of [d.message, d.help ?? '', ...d.related.map((r) => r.message), ...d.fixes.map((f) => f.title)]) {
      const leak = parserInternalIn(text);
      if (leak !== undefined) problems.push(`${stage}: ${d.code} shows the parser internal "${leak}": ${text}`);
    }
  }
  return problems;
}

export function checkMutant(bytes: Uint8Array): string[] {
  const problems: string[] = [];
  // The loader's view of the bytes: a BOM dropped, invalid UTF-8 replaced (it refuses such a file; parse must still cope).
  const text = new TextDecoder('utf-8').decode(bytes);
  const length = text.length;

  try {
    const lexed = tokenize(text, FILE);
    for (const t of [...lexed.tokens, ...lexed.comments]) {
      if (!(0 <= t.start && t.start <= t.end && t.end <= length)) problems.push(`tokenize: ${t.type} span [${t.start}, ${t.end}) is outside the file (length ${length})`);
    }
    problems.push(...diagnosticProblems('tokenize', lexed.diagnostics));
  } catch (e) {
    problems.push(`tokenize threw ${describeError(e)}`);
  }

  try {
    const parsed = parse(text, FILE);
    problems.push(...diagnosticProblems('parse', parsed.diagnostics));
    problems.push(...diagnosticSpanProblems(parsed.diagnostics, (f) => (f === FILE ? length : undefined)).map((p) => `parse: ${p}`));
    problems.push(...astSpanProblems(parsed.module, length).map((p) => `parse: ${p}`));
    for (const t of parsed.tokens) {
      if (!(0 <= t.start && t.start <= t.end && t.end <= length)) problems.push(`parse: token ${t.type} span [${t.start}, ${t.end}) is outside the file (length ${length})`);
    }
  } catch (e) {
    problems.push(`parse threw ${describeError(e)}`);
  }

  try {
    const result = checkMemoryFile(bytes, FILE);
    problems.push(...diagnosticProblems('check', result.diagnostics));
    problems.push(...diagnosticSpanProblems(result.diagnostics, (f) => result.sources.get(f)?.text.length).map((p) => `check: ${p}`));
  } catch (e) {
    problems.push(`check threw ${describeError(e)}`);
  }
  return problems;
}

/** A problem without its numbers: two mutants breaking the same invariant in the same way share it. */
export function signature(problem: string): string {
  return problem.replace(/\d+/g, 'N').replace(/`[^`]*`/g, '`…`').slice(0, 160);
}
