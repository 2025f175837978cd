/**
 * Expands a VS Code snippet body the way accepting it without typing does:
 * placeholders take their default, a choice its selected option, a tab stop
 * its mirror's text or nothing. Enough of the snippet syntax for our
 * snippets; nested placeholders and variables are refused so a test notices.
 */

/** Choice lists of a snippet body, in order of appearance. */
export function choicesOf(body: string): string[][] {
  return [...body.matchAll(/\$\{\d+\|([^|]*)\|\}/g)].map((m) => m[1]!.split(','));
}

/** `pick[i]` is the option used for the i-th choice (default: the first). */
export function expandSnippet(body: string, pick: readonly number[] = []): string {
  const values = new Map<string, string>();
  let choice = 0;
  let out = '';
  for (let i = 0; i < body.length; ) {
    const rest = body.slice(i);
    if (rest.startsWith('\\$') || rest.startsWith('\\}') || rest.startsWith('\\\\')) {
      out += rest[1];
      i += 2;
      continue;
    }
    const m =
      /^\$\{(\d+):([^{}$]*)\}/.exec(rest) ?? /^\$\{(\d+)\|([^|]*)\|\}/.exec(rest) ?? /^\$\{(\d+)\}/.exec(rest) ?? /^\$(\d+)/.exec(rest);
    if (m !== null) {
      let text: string;
      if (m[0].includes('|')) {
        const options = m[2]!.split(',');
        text = options[pick[choice] ?? 0] ?? options[0]!;
        choice++;
      } else {
        text = m[2] ?? values.get(m[1]!) ?? '';
      }
      if (!values.has(m[1]!)) values.set(m[1]!, text);
      out += text;
      i += m[0].length;
      continue;
    }
    if (rest.startsWith('$')) throw new Error(`unsupported snippet syntax at: ${rest.slice(0, 20)}`);
    out += body[i];
    i++;
  }
  return out;
}
