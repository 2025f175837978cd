import type { Body, BodyEntry, Declaration, Module, Node, Span } from '../../grammar/index.ts';
import { forEachChild } from '../../grammar/index.ts';

/** `start <= offset <= end`: a cursor right after a name still touches it. */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/**
 * The nodes whose span touches `offset`, outermost first. Where two siblings
 * touch it (`a.b|` ends one and starts nothing), the first wins.
 */
export function nodePathAt(module: Module, offset: number): Node[] {
  const path: Node[] = [module];
  let current: Node = module;
  for (;;) {
    let next: Node | undefined;
    forEachChild(current, (child) => {
      if (next === undefined && touches(child.span, offset)) next = child;
    });
    if (next === undefined) return path;
    path.push(next);
    current = next;
  }
}

/** Whether the cursor is between a body's braces (not on them from outside). */
export function insideBody(body: Body, offset: number): boolean {
  return body.span.start < offset && offset < body.span.end;
}

/**
 * The schema path of the body the cursor is in (`['infrastructure',
 * 'instance_array', 'port']`, `['step', 'retry']`), as `schemaFor` takes it;
 * `[]` at the top level; undefined inside a body no schema describes.
 */
export function blockPathAt(path: readonly Node[], offset: number): string[] | undefined {
  let out: string[] | undefined = [];
  for (const node of path) {
    switch (node.kind) {
      case 'Infrastructure':
      case 'OsTemplate':
      case 'Workflow':
        if (insideBody(node.body, offset)) out = [node.kind === 'OsTemplate' ? 'os_template' : node.kind.toLowerCase()];
        break;
      case 'Param':
        if (node.body && insideBody(node.body, offset)) out = ['param'];
        break;
      case 'Step':
        if (node.options && insideBody(node.options, offset)) out = ['step'];
        break;
      case 'Hook':
        if (node.options && insideBody(node.options, offset)) out = ['on'];
        break;
      case 'Block':
        if (insideBody(node.body, offset)) out = out ? [...out, node.name.text] : undefined;
        break;
    }
  }
  return out;
}

/** The innermost body (or the module) the cursor is directly in. */
export function innermostBody(path: readonly Node[], offset: number): Body | Module {
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.kind === 'Body' && insideBody(node, offset)) return node;
    if (node.kind === 'Module') return node;
  }
  return path[0] as Module;
}

function entriesOf(container: Body | Module): readonly (BodyEntry | Declaration)[] {
  return container.kind === 'Module' ? container.declarations : container.entries;
}

/**
 * Where lexing may start to see the tokens before the cursor: the start of
 * the entry the cursor is in, else the end of the entry before it (or the
 * body's `{`). Such a place is never inside a string or comment, and the
 * slice stays small however long the file is. An entry ending on the
 * cursor's line is lexed whole: it may be the beginning of what is being
 * typed that error recovery cut short (`step a =` before the cursor).
 */
export function lexStartFor(text: string, path: readonly Node[], offset: number): number {
  const container = innermostBody(path, offset);
  let start = container.kind === 'Module' ? 0 : container.span.start;
  for (const entry of entriesOf(container)) {
    if (entry.span.start >= offset) break;
    if (touches(entry.span, offset)) return entry.span.start;
    start = /[\r\n]/.test(text.slice(entry.span.end, offset)) ? entry.span.end : entry.span.start;
  }
  return start;
}
