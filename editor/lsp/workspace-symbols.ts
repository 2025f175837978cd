import type { MbpSymbol } from '../../compiler/binder/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';

/** Names worth finding from anywhere: declarations, not for-variables or workflow parameters. */
const LISTED: ReadonlySet<string> = new Set([
  'param', 'secret', 'let', 'output', 'os_template', 'infrastructure', 'workflow', 'import', 'network', 'subnet', 'instance_array', 'hook', 'step',
]);

const LIMIT = 1000;

/** Every character of the query, in order (case-insensitive), as editors match symbol names. */
export function matchesQuery(name: string, query: string): boolean {
  const n = name.toLowerCase();
  let i = 0;
  for (const c of query.toLowerCase()) {
    i = n.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

/** The declared symbols of a workspace run matching `query`, with the name of what contains them. */
export function workspaceSymbols(checked: CheckedProgram, query: string): { symbol: MbpSymbol; container?: string }[] {
  const out: { symbol: MbpSymbol; container?: string }[] = [];
  for (const symbol of checked.symbols) {
    if (!LISTED.has(symbol.kind) || !symbol.nameSpan || symbol.file === '' || !matchesQuery(symbol.name, query)) continue;
    const owner = symbol.scope?.node;
    const container = owner ? checked.resolve(owner)?.name : undefined;
    out.push({ symbol, ...(container !== undefined ? { container } : {}) });
    if (out.length >= LIMIT) break;
  }
  return out;
}
