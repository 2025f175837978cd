import { SymbolKind } from 'vscode-languageserver';
import type { SymbolKind as MbpSymbolKind } from '../../compiler/binder/index.ts';
import type { Body, BodyEntry, Declaration, Module, Span } from '../../grammar/index.ts';

/** One entry of the outline, by offsets; the server turns spans into ranges. */
export interface OutlineEntry {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKind;
  /** The whole declaration. */
  readonly span: Span;
  /** Its name. */
  readonly selection: Span;
  readonly children: readonly OutlineEntry[];
}

/** The LSP symbol kind for each kind of declared name (outline and workspace symbols). */
export const LSP_SYMBOL_KIND: Readonly<Record<MbpSymbolKind, SymbolKind>> = {
  param: SymbolKind.Variable,
  secret: SymbolKind.Key,
  let: SymbolKind.Constant,
  output: SymbolKind.Property,
  os_template: SymbolKind.Class,
  infrastructure: SymbolKind.Namespace,
  workflow: SymbolKind.Function,
  import: SymbolKind.Module,
  network: SymbolKind.Interface,
  subnet: SymbolKind.Interface,
  instance_array: SymbolKind.Array,
  hook: SymbolKind.Event,
  workflow_param: SymbolKind.TypeParameter,
  step: SymbolKind.Method,
  for_variable: SymbolKind.Variable,
  context: SymbolKind.Variable,
  std: SymbolKind.Package,
  function: SymbolKind.Function,
};

/** The outline of a file: declarations, and in their bodies blocks, steps, hooks, lets and outputs (attributes left out). */
export function outline(module: Module, text: string): OutlineEntry[] {
  return module.declarations.flatMap((d) => declarationEntry(d, text));
}

function written(text: string, span: Span): string {
  return text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}

function declarationEntry(d: Declaration, text: string): OutlineEntry[] {
  switch (d.kind) {
    case 'Import':
      return [{ name: d.alias.text, detail: d.path.value ?? '', kind: SymbolKind.Module, span: d.span, selection: d.alias.span, children: [] }];
    case 'Param':
      return [{ name: d.name.text, detail: `param: ${written(text, d.type.span)}`, kind: SymbolKind.Variable, span: d.span, selection: d.name.span, children: [] }];
    case 'Secret':
      return [{ name: d.name.text, detail: 'secret', kind: SymbolKind.Key, span: d.span, selection: d.name.span, children: [] }];
    case 'Let':
    case 'Output':
      return [entryOf(d, text)].flat();
    case 'OsTemplate':
      return [{ name: d.name.text, detail: 'os_template', kind: SymbolKind.Class, span: d.span, selection: d.name.span, children: bodyEntries(d.body, text) }];
    case 'Infrastructure':
      return [{ name: d.name.text, detail: 'infrastructure', kind: SymbolKind.Namespace, span: d.span, selection: d.name.span, children: bodyEntries(d.body, text) }];
    case 'Workflow': {
      const params: OutlineEntry[] = d.params.map((p) => ({
        name: p.name.text,
        detail: written(text, p.type.span),
        kind: SymbolKind.TypeParameter,
        span: p.span,
        selection: p.name.span,
        children: [],
      }));
      const detail = `(${d.params.map((p) => `${p.name.text}: ${written(text, p.type.span)}`).join(', ')})`;
      return [{ name: d.name.text, detail, kind: SymbolKind.Function, span: d.span, selection: d.name.span, children: [...params, ...bodyEntries(d.body, text)] }];
    }
  }
}

function bodyEntries(body: Body, text: string): OutlineEntry[] {
  return body.entries.flatMap((e) => entryOf(e, text));
}

function entryOf(e: BodyEntry, text: string): OutlineEntry[] {
  switch (e.kind) {
    case 'Attribute':
      return [];
    case 'Let':
      return [{ name: e.name.text, detail: 'let', kind: SymbolKind.Constant, span: e.span, selection: e.name.span, children: [] }];
    case 'Output':
      return [{ name: e.name.text, detail: 'output', kind: SymbolKind.Property, span: e.span, selection: e.name.span, children: [] }];
    case 'Step':
      return [{ name: e.name.text, detail: e.call.kind === 'Call' ? written(text, e.call.callee.span) : 'step', kind: SymbolKind.Method, span: e.span, selection: e.name.span, children: [] }];
    case 'Hook': {
      const callee = e.call.kind === 'Call' ? written(text, e.call.callee.span) : '';
      const name = e.name ? e.name.text : `on ${e.phase.text}`;
      return [{ name, detail: `on ${e.phase.text} run ${callee}`.trim(), kind: SymbolKind.Event, span: e.span, selection: e.name?.span ?? e.phase.span, children: [] }];
    }
    case 'Block': {
      const label = e.labels[0];
      const name = label ? (e.name.text === 'port' || e.name.text === 'instance' ? `${e.name.text} ${label.text}` : label.text) : e.name.text;
      const kind =
        e.name.text === 'instance_array' ? SymbolKind.Array : e.name.text === 'network' || e.name.text === 'subnet' ? SymbolKind.Interface : SymbolKind.Object;
      return [{ name, detail: e.name.text, kind, span: e.span, selection: label?.span ?? e.name.span, children: bodyEntries(e.body, text) }];
    }
  }
}
