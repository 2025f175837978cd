import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';
import type { MbpSymbol, Scope, SymbolKind } from '../../compiler/binder/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import type { SourceFile } from '../../compiler/diagnostics/index.ts';
import { attributeHover, attributeOf, attributeTypeText, blockHover, schemaFor, type AttributeSchema, type BlockSchema } from '../../compiler/schemas/index.ts';
import { BUILTIN_TYPE_NAMES, type Module } from '../../grammar/index.ts';
import {
  ENUMS,
  FUNCTION_LIST,
  hookPhasesFor,
  lookupOsTemplate,
  lookupStep,
  OS_TEMPLATE_LIST,
  signatureText,
  STEP_LIST,
  stdChildren,
  stepSignatureText,
  typeToString,
  type EnumName,
  type StepDef,
} from '../../stdlib/index.ts';
import { rangeOf } from './convert.ts';
import { cursorContext, type CallSite, type CursorContext, type ValueOwner } from './cursor-context.ts';
import type { OffsetMap } from './offset-map.ts';
import type { InventoryNames } from './inventory-names.ts';
import { resolveChain, scopeAt, visibleSymbols } from './scopes.ts';
import { functionDoc, namespaceDoc, osTemplateDoc, stepDoc } from './stdlib-docs.ts';
import { innermostBody } from './syntax-path.ts';
import { calleeTarget, workflowParamsOf } from './callees.ts';

export interface CompletionInput {
  readonly text: string;
  readonly source: SourceFile;
  readonly module: Module;
  readonly checked: CheckedProgram | undefined;
  readonly offset: number;
  /** From the text `module` and `checked` were made from to `text`, when they are from before the latest edits. */
  readonly map?: OffsetMap;
  readonly inventory: InventoryNames | undefined;
  /** The client accepts snippets (`${1:...}` placeholders). */
  readonly snippets: boolean;
}

/** Keywords that start a declaration at the top level of a file. */
const TOP_LEVEL_KEYWORDS = ['import', 'param', 'secret', 'let', 'output', 'os_template', 'workflow', 'infrastructure'] as const;

/** Bodies that may declare `let` (the checker's rule: infrastructure, workflow and os_template scopes hold lets). */
const LET_BODIES: ReadonlySet<string> = new Set(['infrastructure', 'workflow', 'os_template']);

const TOP_LEVEL_DOCS: Readonly<Record<(typeof TOP_LEVEL_KEYWORDS)[number], string>> = {
  import: '`import "./path.mbp" as NAME`: the declarations of another file, as `NAME.member`.',
  param: '`param NAME: TYPE [= default | { default, min, max, allowed }]`: an input of the blueprint.',
  secret: '`secret NAME`: a value given only at apply (`MBP_SECRET_NAME` or `--secrets FILE`).',
  let: '`let NAME = expr`: a named value.',
  output: '`output NAME = expr`: a value shown by `mbp output`.',
  os_template: '`os_template NAME { base = std.os..., ... }`: a custom OS template.',
  workflow: '`workflow NAME(params) { step ... }`: steps run by a hook or another step.',
  infrastructure: '`infrastructure NAME { ... }`: networks, subnets, instance arrays and hooks.',
};

const SYMBOL_KINDS: Readonly<Record<SymbolKind, CompletionItemKind>> = {
  param: CompletionItemKind.Variable,
  secret: CompletionItemKind.Variable,
  let: CompletionItemKind.Constant,
  output: CompletionItemKind.Property,
  os_template: CompletionItemKind.Class,
  infrastructure: CompletionItemKind.Module,
  workflow: CompletionItemKind.Function,
  import: CompletionItemKind.Module,
  network: CompletionItemKind.Struct,
  subnet: CompletionItemKind.Struct,
  instance_array: CompletionItemKind.Struct,
  hook: CompletionItemKind.Event,
  workflow_param: CompletionItemKind.Variable,
  step: CompletionItemKind.Event,
  for_variable: CompletionItemKind.Variable,
  context: CompletionItemKind.Variable,
  std: CompletionItemKind.Module,
  function: CompletionItemKind.Function,
};

function markdown(value: string): { kind: typeof MarkupKind.Markdown; value: string } {
  return { kind: MarkupKind.Markdown, value };
}

/**
 * Completion at a position of an open document: what fits there, from the
 * schemas, the scopes and the stdlib. Undefined when the analysis given is
 * too old for the position (the caller checks the document and asks again).
 */
export function complete(input: CompletionInput): CompletionItem[] | undefined {
  const cx = cursorContext(input.text, input.module, input.offset, input.map);
  if (!cx) return undefined;
  const scope = input.checked ? scopeAt(input.checked.binding, cx.path) : undefined;
  switch (cx.kind) {
    case 'none':
      return [];
    case 'entry':
      return entryItems(cx, input);
    case 'member':
      return input.checked && scope ? memberItems(input.checked, scope, cx.chain ?? []) : [];
    case 'string':
      return stringItems(cx, input, cx.owner);
    case 'object-key':
      return objectKeyItems(cx, input);
    case 'hook-phase': {
      const site = cx.blockPath?.[cx.blockPath.length - 1] === 'instance_array' ? 'instance_array' : 'infrastructure';
      return hookPhasesFor(site).map((p) => ({ label: p.value, kind: CompletionItemKind.EnumMember, documentation: markdown(p.doc) }));
    }
    case 'type':
      return [
        ...BUILTIN_TYPE_NAMES.map((t) => ({ label: t, kind: CompletionItemKind.TypeParameter })),
        ...['list', 'map', 'object'].map((t) => ({ label: t, kind: CompletionItemKind.TypeParameter, detail: `${t}(...)` })),
      ];
    case 'step-callee':
      return [...stepItems(), ...(input.checked && scope ? workflowItems(input.checked, scope) : [])];
    case 'hook-callee':
      return input.checked && scope ? workflowItems(input.checked, scope) : [];
    case 'expression':
      return expressionItems(cx, input, scope);
  }
}

// ---- entries of a body ------------------------------------------------------

function entryItems(cx: CursorContext, input: CompletionInput): CompletionItem[] {
  const blockPath = cx.blockPath;
  if (blockPath === undefined) return [];
  if (blockPath.length === 0) {
    return TOP_LEVEL_KEYWORDS.map((k) => ({ label: k, kind: CompletionItemKind.Keyword, documentation: markdown(TOP_LEVEL_DOCS[k]) }));
  }
  const schema = schemaFor(blockPath);
  if (!schema) return [];
  const container = innermostBody(cx.path, cx.treeOffset);
  const present = new Set<string>();
  const presentBlocks = new Set<string>();
  if (container.kind === 'Body') {
    for (const e of container.entries) {
      if (e.kind === 'Attribute') present.add(e.name.text);
      if (e.kind === 'Block') presentBlocks.add(e.name.text);
    }
  }
  // Members of an exclusive alternative are out once another alternative is written (`server_types` beside `server_type`).
  const excluded = new Set<string>();
  for (const group of schema.exclusive) {
    const chosen = group.alternatives.find((alt) => alt.some((name) => present.has(name)));
    if (chosen) for (const alt of group.alternatives) if (alt !== chosen) for (const name of alt) excluded.add(name);
  }
  const items: CompletionItem[] = [];
  for (const a of schema.attributes) {
    if (present.has(a.name) || excluded.has(a.name) || a.deprecated) continue;
    items.push({
      label: a.name,
      kind: CompletionItemKind.Property,
      detail: `${attributeTypeText(a)}${a.required ? ' (required)' : ''}`,
      documentation: markdown(attributeHover(schema.kind, a.name) ?? a.doc),
      insertText: attributeSnippet(a, input.snippets),
      insertTextFormat: input.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      sortText: `${a.required ? '0' : '1'}${a.name}`,
    });
  }
  for (const b of schema.blocks) {
    if (!b.repeatable && presentBlocks.has(b.name)) continue;
    const labels = b.labels.map((l, k) => (input.snippets ? `\${${k + 1}:${l.kind === 'int' ? '0' : l.name}}` : '')).join(' ');
    items.push({
      label: b.name,
      kind: CompletionItemKind.Module,
      detail: 'block',
      documentation: markdown(blockHover(schema.kind, b.name) ?? b.doc),
      ...(input.snippets
        ? { insertText: `${b.name}${labels ? ` ${labels}` : ''} {\n\t$0\n}`, insertTextFormat: InsertTextFormat.Snippet }
        : {}),
      sortText: `2${b.name}`,
    });
  }
  const keywords = [...schema.declarations.map((d) => ({ keyword: d.keyword, doc: d.doc }))];
  if (LET_BODIES.has(schema.kind)) keywords.push({ keyword: 'let' as never, doc: '`let NAME = expr`: a named value of this scope.' });
  for (const k of keywords) items.push({ label: k.keyword, kind: CompletionItemKind.Keyword, documentation: markdown(k.doc), sortText: `3${k.keyword}` });
  return items;
}

function attributeSnippet(a: AttributeSchema, snippets: boolean): string {
  if (!snippets) return `${a.name} = `;
  if (a.enum) return `${a.name} = "\${1|${ENUMS[a.enum].values.map((v) => v.value).join(',')}|}"`;
  return `${a.name} = $0`;
}

// ---- members after a dot ------------------------------------------------------

function memberItems(checked: CheckedProgram, scope: Scope, chain: readonly string[]): CompletionItem[] {
  const target = resolveChain(checked, scope, chain);
  if (!target) return [];
  switch (target.kind) {
    case 'std':
      return stdChildren(target.path).map((child) => stdItem(`${target.path}.${child}`, child));
    case 'module': {
      const moduleScope = checked.binding.moduleScope(target.file);
      return [...(moduleScope?.symbols.values() ?? [])].filter((s) => s.kind !== 'import').map((s) => symbolItem(checked, s));
    }
    case 'fields':
      return Object.entries(target.fields).map(([name, f]) => ({
        label: name,
        kind: CompletionItemKind.Field,
        detail: typeToString(f.type),
        ...(f.doc ? { documentation: markdown(f.doc) } : {}),
      }));
  }
}

/** `label` is what is inserted; `path` the full `std.` name it stands for. */
function stdItem(path: string, label: string): CompletionItem {
  const step = lookupStep(path);
  if (step) return { label, kind: CompletionItemKind.Function, detail: stepSignatureText(step), documentation: markdown(stepDoc(step)) };
  const template = lookupOsTemplate(path);
  if (template) return { label, kind: CompletionItemKind.Constant, detail: template.title, documentation: markdown(osTemplateDoc(template)) };
  return { label, kind: CompletionItemKind.Module, detail: path, documentation: markdown(namespaceDoc(path)) };
}

function symbolItem(checked: CheckedProgram, s: MbpSymbol): CompletionItem {
  const type = checked.typeOfSymbol(s);
  const typeText = type.kind === 'error' ? '' : `: ${typeToString(type)}`;
  return {
    label: s.name,
    kind: SYMBOL_KINDS[s.kind],
    detail: `${s.kind}${typeText}`,
    ...(s.doc ? { documentation: markdown(s.doc) } : {}),
  };
}

// ---- callees ----------------------------------------------------------------------

function stepItems(context: StepDef['context'] = 'step'): CompletionItem[] {
  return STEP_LIST.filter((s) => s.context === context).map((s) => ({
    label: s.name,
    kind: CompletionItemKind.Function,
    detail: stepSignatureText(s),
    documentation: markdown(stepDoc(s)),
  }));
}

function workflowItems(checked: CheckedProgram, scope: Scope): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const s of visibleSymbols(checked.binding, scope)) {
    if (s.kind === 'workflow') items.push(symbolItem(checked, s));
    if (s.kind === 'import') {
      const file = checked.binding.importedFile(s);
      const moduleScope = file !== undefined ? checked.binding.moduleScope(file) : undefined;
      for (const w of moduleScope?.symbols.values() ?? []) {
        if (w.kind === 'workflow') items.push({ ...symbolItem(checked, w), label: `${s.name}.${w.name}` });
      }
    }
  }
  return items;
}

// ---- values ---------------------------------------------------------------------------

/** The schema of the attribute (or step parameter) a value is given to. */
function ownerSchema(cx: CursorContext, owner: ValueOwner | undefined, checked: CheckedProgram | undefined): {
  readonly enumName?: EnumName;
  readonly reference?: string;
} {
  if (!owner) return {};
  if (owner.kind === 'attribute') {
    const schema: BlockSchema | undefined = cx.blockPath ? schemaFor(cx.blockPath) : undefined;
    const a = schema ? attributeOf(schema.kind, owner.name) : undefined;
    return { ...(a?.enum ? { enumName: a.enum } : {}), ...(a?.reference ? { reference: a.reference } : {}) };
  }
  const p = stepParamOf(owner.call, cx, checked);
  return { ...(p?.enum ? { enumName: p.enum } : {}), ...(p?.reference ? { reference: p.reference } : {}) };
}

function stepParamOf(call: CallSite, cx: CursorContext, checked: CheckedProgram | undefined): StepDef['params'][number] | undefined {
  const target = checked ? calleeTarget(checked, cx.path, call) : undefined;
  if (target?.kind !== 'step') return undefined;
  const def = target.def;
  if (call.named !== undefined) return def.params.find((p) => p.name === call.named);
  return def.params.filter((p) => p.positional)[call.argIndex];
}

function stringItems(cx: CursorContext, input: CompletionInput, owner: ValueOwner | undefined): CompletionItem[] {
  const { enumName, reference } = ownerSchema(cx, owner, input.checked);
  const range = cx.content ? rangeOf(input.source, cx.content) : undefined;
  const valueItem = (label: string, detail: string, doc?: string, kind: CompletionItemKind = CompletionItemKind.EnumMember): CompletionItem => ({
    label,
    kind,
    detail,
    ...(doc ? { documentation: markdown(doc) } : {}),
    ...(range ? { textEdit: { range, newText: label } } : {}),
  });
  if (enumName) return ENUMS[enumName].values.filter((v) => !v.deprecated).map((v) => valueItem(v.value, enumName, v.doc));
  if (reference === 'server_type') return (input.inventory?.serverTypes ?? []).map((t) => valueItem(t.name, t.detail, undefined, CompletionItemKind.Value));
  if (reference === 'datacenter') return (input.inventory?.datacenters ?? []).map((d) => valueItem(d.name, d.detail, undefined, CompletionItemKind.Value));
  return [];
}

function objectKeyItems(cx: CursorContext, input: CompletionInput): CompletionItem[] {
  // `server_types = { "M.40.256.4" = 3 }`: the keys are server types.
  if (cx.owner?.kind !== 'attribute' || cx.owner.name !== 'server_types') return [];
  const range: Range | undefined = cx.content ? rangeOf(input.source, cx.content) : undefined;
  return (input.inventory?.serverTypes ?? []).map((t) => ({
    label: t.name,
    kind: CompletionItemKind.Value,
    detail: t.detail,
    ...(range ? { textEdit: { range, newText: t.name } } : {}),
  }));
}

function expressionItems(cx: CursorContext, input: CompletionInput, scope: Scope | undefined): CompletionItem[] {
  const checked = input.checked;
  const items: CompletionItem[] = [];
  const { enumName, reference } = ownerSchema(cx, cx.owner, checked);
  // Values first when the attribute says what they must be.
  if (enumName) {
    for (const v of ENUMS[enumName].values) {
      if (!v.deprecated) items.push({ label: `"${v.value}"`, kind: CompletionItemKind.EnumMember, detail: enumName, documentation: markdown(v.doc), sortText: `0${v.value}` });
    }
  }
  if (reference === 'server_type' || reference === 'datacenter') {
    const names = reference === 'server_type' ? input.inventory?.serverTypes : input.inventory?.datacenters;
    for (const n of names ?? []) items.push({ label: `"${n.name}"`, kind: CompletionItemKind.Value, detail: n.detail, sortText: `0${n.name}` });
  }
  if (reference === 'os_template') {
    for (const t of OS_TEMPLATE_LIST) items.push({ label: t.name, kind: CompletionItemKind.Constant, detail: t.title, documentation: markdown(osTemplateDoc(t)), sortText: `0${t.name}` });
  }
  if (reference === 'ready_check') items.push(...stepItems('ready').map((i) => ({ ...i, sortText: `0${i.label}` })));
  // Named arguments of the call, at the start of an argument.
  if (cx.call?.argumentStart && checked) items.push(...namedArgumentItems(checked, cx, cx.call));
  if (checked && scope) {
    for (const s of visibleSymbols(checked.binding, scope)) {
      if (s.kind === 'infrastructure') continue;
      // What the attribute names (`network = wan`) comes before everything else in scope.
      items.push({ ...symbolItem(checked, s), ...(s.kind === reference ? { sortText: `0${s.name}` } : {}) });
    }
  }
  for (const f of FUNCTION_LIST) {
    items.push({ label: f.name, kind: CompletionItemKind.Function, detail: signatureText(f), documentation: markdown(functionDoc(f)) });
  }
  for (const c of ['true', 'false', 'null']) items.push({ label: c, kind: CompletionItemKind.Keyword });
  return items;
}

function namedArgumentItems(checked: CheckedProgram, cx: CursorContext, call: CallSite): CompletionItem[] {
  const target = calleeTarget(checked, cx.path, call);
  if (!target) return [];
  const params =
    target.kind === 'step'
      ? target.def.params.map((p) => ({ name: p.name, type: p.reference ?? typeToString(p.type), doc: p.doc, required: p.required }))
      : target.kind === 'workflow'
        ? workflowParamsOf(target.workflow)
        : [];
  return params.map((p) => ({
    label: `${p.name} =`,
    kind: CompletionItemKind.Field,
    detail: `${p.type}${p.required ? ' (required)' : ''}`,
    ...(p.doc ? { documentation: markdown(p.doc) } : {}),
    insertText: `${p.name} = `,
    sortText: `0${p.name}`,
  }));
}
