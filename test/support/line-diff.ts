/**
 * A unified diff of two texts, line by line, for assertion messages: `-` lines
 * are the expected text, `+` lines the actual one, with a few lines of context.
 * Quadratic (LCS table), which is fine for golden files; past a size limit it
 * falls back to pointing at the first differing line.
 */
export interface DiffOptions {
  readonly context?: number;
  readonly expectedLabel?: string;
  readonly actualLabel?: string;
}

const MAX_CELLS = 16_000_000;

type Op = { readonly kind: ' ' | '-' | '+'; readonly text: string; readonly a: number; readonly b: number };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += ' ⏎ (no newline at end)';
  // A stray CR would be invisible in a terminal.
  return lines.map((l) => l.replace(/\r/g, '␍'));
}

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], stored row-major.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', text: a[i++]!, a: i, b: ++j });
    // Deletions before insertions, as in `diff -u`.
    else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) ops.push({ kind: '-', text: a[i++]!, a: i, b: j });
    else ops.push({ kind: '+', text: b[j++]!, a: i, b: j });
  }
  return ops;
}

export function lineDiff(expected: string, actual: string, options: DiffOptions = {}): string {
  const context = options.context ?? 3;
  const a = splitLines(expected);
  const b = splitLines(actual);
  const header = [`--- ${options.expectedLabel ?? 'expected'}`, `+++ ${options.actualLabel ?? 'actual'}`];
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) {
    let k = 0;
    while (k < a.length && k < b.length && a[k] === b[k]) k++;
    return [...header, `(too large to diff: first difference at line ${k + 1})`, `- ${a[k] ?? '(end)'}`, `+ ${b[k] ?? '(end)'}`].join('\n');
  }
  const ops = editScript(a, b);
  const changed = ops.map((op) => op.kind !== ' ');
  const out = [...header];
  let k = 0;
  while (k < ops.length) {
    if (!changed[k]) {
      k++;
      continue;
    }
    const from = Math.max(0, k - context);
    let to = k;
    // Extend the hunk while the next change is within 2*context lines.
    for (let look = k; look < ops.length && look <= to + 2 * context; look++) if (changed[look]) to = look;
    const end = Math.min(ops.length, to + context + 1);
    const first = ops[from]!;
    out.push(`@@ expected line ${first.kind === '+' ? first.a + 1 : first.a}, actual line ${first.kind === '-' ? first.b + 1 : first.b} @@`);
    for (let x = from; x < end; x++) out.push(`${ops[x]!.kind}${ops[x]!.text}`);
    k = end;
  }
  return out.join('\n');
}
