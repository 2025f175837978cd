import type { BodyEntry } from '../../../grammar/index.ts';
import { SCHEMAS, type BlockKind } from '../../schemas/index.ts';
import type { CheckContext } from '../context.ts';

/** Bodies that may declare local `let`s (DESIGN.md: infrastructure and workflow scopes hold lets). */
const LET_BODIES: ReadonlySet<BlockKind> = new Set(['infrastructure', 'workflow', 'os_template']);

type Keyword = 'step' | 'on' | 'output' | 'let';

function keywordOf(entry: BodyEntry): Keyword | undefined {
  switch (entry.kind) {
    case 'Step':
      return 'step';
    case 'Hook':
      return 'on';
    case 'Output':
      return 'output';
    case 'Let':
      return 'let';
    default:
      return undefined;
  }
}

/** Per block kind, computed once: asked for every step, hook, output and let. */
const ALLOWED = new Map<BlockKind, readonly Keyword[]>();

function allowedIn(kind: BlockKind): readonly Keyword[] {
  let allowed = ALLOWED.get(kind);
  if (allowed === undefined) {
    const out: Keyword[] = SCHEMAS[kind].declarations.map((d) => d.keyword);
    if (LET_BODIES.has(kind)) out.push('let');
    ALLOWED.set(kind, (allowed = out));
  }
  return allowed;
}

/** `step`, `on`, `output` and `let` are allowed only in the bodies whose schema lists them. Returns whether the entry is allowed. */
export function checkPlacement(cx: CheckContext, entry: BodyEntry, kind: BlockKind): boolean {
  const keyword = keywordOf(entry);
  if (keyword === undefined) return true;
  const allowed = allowedIn(kind);
  if (allowed.includes(keyword)) return true;
  const span = entry.kind === 'Hook' ? { start: entry.span.start, end: entry.phase.span.end } : entry.kind === 'Step' || entry.kind === 'Output' || entry.kind === 'Let' ? entry.name.span : entry.span;
  const help =
    allowed.length === 0
      ? `a \`${kind}\` body holds only attributes and blocks`
      : `a \`${kind}\` body may declare ${allowed.map((k) => `\`${k}\``).join(', ')}`;
  cx.report('MBP2010', span, { keyword, block: kind }, { help });
  return false;
}
