/**
 * A unified diff (`diff -u`, `git diff` style) between two texts, for
 * `mbp fmt --diff`. Lines are matched with Myers' algorithm; hunks carry
 * three lines of context. Empty when the texts are equal.
 */

interface Op {
  readonly kind: ' ' | '-' | '+';
  /** The line with its line break, if it has one. */
  readonly line: string;
}

/** Past this much work (lines of trace × diagonals) the middle of the diff is shown as one replacement. */
const MAX_TRACE_CELLS = 16_000_000;

function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  for (const hunk of hunks(ops, context)) out += hunk;
  return out;
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const same = (lines: readonly string[]): Op[] => lines.map((line) => ({ kind: ' ', line }));
  return [
    ...same(a.slice(0, pre)),
    ...myers(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)),
    ...same(a.slice(a.length - suf)),
  ];
}

function replaceAll(a: readonly string[], b: readonly string[]): Op[] {
  return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  if (max === 0) return [];
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    if ((d + 1) * v.length > MAX_TRACE_CELLS) return replaceAll(a, b);
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset);
    }
  }
  return replaceAll(a, b);
}

function backtrack(trace: readonly Int32Array[], a: readonly string[], b: readonly string[], offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[--y]! });
      else ops.push({ kind: '-', line: a[--x]! });
    }
  }
  return ops.reverse();
}

function* hunks(ops: readonly Op[], context: number): Generator<string> {
  // Line numbers (0-based) in the old and new text before each op.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let n = 0;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') n++;
  }
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.kind === ' ') i++;
    if (i >= ops.length) return;
    const start = Math.max(i - context, 0);
    let lastChange = i;
    let j = i;
    while (j < ops.length) {
      if (ops[j]!.kind !== ' ') {
        lastChange = j++;
        continue;
      }
      let r = j;
      while (r < ops.length && ops[r]!.kind === ' ') r++;
      if (r >= ops.length || r - j > 2 * context) break;
      j = r;
    }
    const end = Math.min(ops.length, lastChange + 1 + context);
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const oldStart = oldCount === 0 ? oldAt[start]! : oldAt[start]! + 1;
    const newStart = newCount === 0 ? newAt[start]! : newAt[start]! + 1;
    let text = `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n`;
    for (const op of slice) {
      text += op.kind + op.line;
      if (!op.line.endsWith('\n')) text += '\n\\ No newline at end of file\n';
    }
    yield text;
    i = end;
  }
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}
