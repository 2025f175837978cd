import type { Attribute, Body, Expr, Hook, Module, Name, Node, Span, Step, Workflow } from '../../grammar/index.ts';
import type { HookSite, Value } from '../../stdlib/index.ts';
import type { MbpSymbol } from '../binder/index.ts';
import { SCHEMAS, type AttributeSchema, type BlockKind, type NestedBlockSchema } from '../schemas/index.ts';
import { checkAssignable } from './checks/assignable.ts';
import { checkBlockLabels } from './checks/block-labels.ts';
import { checkBodyShape } from './checks/body-shape.ts';
import { checkPlacement } from './checks/declaration-placement.ts';
import { reportBothForms, reportDuplicateAttribute } from './checks/duplicate-attribute.ts';
import { DuplicateBlocks } from './checks/duplicate-block.ts';
import { checkEnumValue } from './checks/enum-value.ts';
import { checkIterable } from './checks/for-expression.ts';
import { checkHookCall } from './checks/hook-call.ts';
import { checkHookPhase } from './checks/hook-phase.ts';
import { checkIntRange } from './checks/int-range.ts';
import { checkParamDeclaration } from './checks/param-declaration.ts';
import { checkReferenceAttribute } from './checks/reference-attribute.ts';
import { checkSecretExposure, secretAllowedIn } from './checks/secret-exposure.ts';
import { checkStepCall } from './checks/step-call.ts';
import { reportUnknownAttribute } from './checks/unknown-attribute.ts';
import { reportUnknownBlock } from './checks/unknown-block.ts';
import type { StructureContext } from './context.ts';
import { typeFromRef } from './type-ref.ts';

/** What walking a module needs beyond the structure context. */
export interface ModuleWalkContext extends StructureContext {
  /** Values given from outside for params (to check them against the constraints). */
  givenParamValue(symbol: MbpSymbol): { readonly value: Value } | undefined;
}

/**
 * Walks one module's declarations and bodies in source order, applying the
 * block schemas and typing every expression once. Single pass; per-body
 * bookkeeping is in maps keyed by name.
 */
export function checkModule(cx: ModuleWalkContext, module: Module): void {
  for (const d of module.declarations) {
    switch (d.kind) {
      case 'Import':
      case 'Secret':
        break;
      case 'Param': {
        const symbol = cx.binding.resolve(d);
        if (d.body) checkBody(cx, d.body, 'param', d.name.span, d);
        checkParamDeclaration(cx, d, symbol ? cx.givenParamValue(symbol) : undefined);
        break;
      }
      case 'Let':
        typeDeclared(cx, d, d.value);
        break;
      case 'Output':
        typeDeclared(cx, d, d.value);
        checkSecretExposure(cx, d.value, `output \`${d.name.text}\``);
        break;
      case 'OsTemplate':
        checkBody(cx, d.body, 'os_template', d.name.span, d);
        break;
      case 'Infrastructure':
        checkBody(cx, d.body, 'infrastructure', d.name.span, d);
        break;
      case 'Workflow':
        checkWorkflowParams(cx, d);
        checkBody(cx, d.body, 'workflow', d.name.span, d);
        break;
    }
  }
}

/** A let or output is typed through its symbol, so a reference cycle is reported where it closes. */
function typeDeclared(cx: StructureContext, decl: Node, value: Expr): void {
  const symbol = cx.binding.resolve(decl);
  if (symbol) cx.typeOfSymbol(symbol);
  cx.typeOf(value);
}

function checkWorkflowParams(cx: StructureContext, wf: Workflow): void {
  for (const p of wf.params) {
    if (!p.default) continue;
    checkAssignable(cx, p.default, typeFromRef(p.type), `the default of \`${p.name.text}\``);
  }
}

/** Attribute and block schemas by name, per kind: bodies are checked thousands of times. */
const ATTRIBUTES = new Map<BlockKind, ReadonlyMap<string, AttributeSchema>>();
const BLOCKS = new Map<BlockKind, ReadonlyMap<string, NestedBlockSchema>>();
function attributeOf(kind: BlockKind, name: string): AttributeSchema | undefined {
  let m = ATTRIBUTES.get(kind);
  if (!m) ATTRIBUTES.set(kind, (m = new Map(SCHEMAS[kind].attributes.map((a) => [a.name, a]))));
  return m.get(name);
}
function nestedBlockOf(kind: BlockKind, name: string): NestedBlockSchema | undefined {
  let m = BLOCKS.get(kind);
  if (!m) BLOCKS.set(kind, (m = new Map(SCHEMAS[kind].blocks.map((b) => [b.name, b]))));
  return m.get(name);
}

const HOOK_SITES: Partial<Record<BlockKind, HookSite>> = { infrastructure: 'infrastructure', instance_array: 'instance_array' };

/**
 * One body against the schema of its block kind. `head` is where problems of
 * the whole body are reported (the block's name); `owner` is the node whose
 * body it is (recorded facts are keyed by it).
 */
function checkBody(cx: StructureContext, body: Body, kind: BlockKind, head: Span, owner: Node): void {
  const present = new Map<string, Name>();
  const seenAttributes = new Map<string, Name>();
  const blockForms = new Map<string, Name>();
  const duplicates = new DuplicateBlocks(cx, kind);
  for (const e of body.entries) {
    switch (e.kind) {
      case 'Attribute': {
        const name = e.name.text;
        const first = seenAttributes.get(name);
        if (first) {
          reportDuplicateAttribute(cx, e.name, first);
          cx.typeOf(e.value);
          break;
        }
        seenAttributes.set(name, e.name);
        const schema = attributeOf(kind, name);
        if (!schema) {
          reportUnknownAttribute(cx, e, kind);
          cx.typeOf(e.value);
          break;
        }
        const other = blockForms.get(name);
        if (other) reportBothForms(cx, e.name, other);
        present.set(name, e.name);
        checkAttribute(cx, e, schema, kind, owner);
        break;
      }
      case 'Block': {
        const name = e.name.text;
        const attribute = attributeOf(kind, name);
        const nested = nestedBlockOf(kind, name);
        const head = e.labels[0]?.span ?? e.name.span;
        if (attribute?.blockForm) {
          // `retry { ... }` for `retry = { ... }`: one form only.
          const first = seenAttributes.get(name) ?? blockForms.get(name);
          if (first) reportBothForms(cx, e.name, first);
          else present.set(name, e.name);
          blockForms.set(name, e.name);
          cx.record.blockKind(e, attribute.blockForm);
          checkBody(cx, e.body, attribute.blockForm, head, e);
        } else if (nested) {
          cx.record.blockKind(e, nested.kind);
          if (checkBlockLabels(cx, e, nested)) duplicates.check(e, nested);
          checkBody(cx, e.body, nested.kind, head, e);
        } else {
          reportUnknownBlock(cx, e, kind);
          typeUnknownBody(cx, e.body);
        }
        break;
      }
      case 'Step':
        if (checkPlacement(cx, e, kind)) checkStep(cx, e);
        else typeRun(cx, e);
        break;
      case 'Hook': {
        const site = HOOK_SITES[kind];
        if (checkPlacement(cx, e, kind) && site) checkHook(cx, e, site);
        else typeRun(cx, e);
        break;
      }
      case 'Output':
        checkPlacement(cx, e, kind);
        typeDeclared(cx, e, e.value);
        if (kind === 'infrastructure') checkSecretExposure(cx, e.value, `output \`${e.name.text}\``);
        break;
      case 'Let':
        checkPlacement(cx, e, kind);
        typeDeclared(cx, e, e.value);
        break;
    }
  }
  // Entries the parser had to drop would show as missing: say nothing rather than something wrong.
  if (!cx.hasSyntaxErrorIn(body.span)) checkBodyShape(cx, kind, present, head);
}

/** One attribute against its schema: references, types, enums, bounds, and where secrets may not go. */
function checkAttribute(cx: StructureContext, attr: Attribute, schema: AttributeSchema, kind: BlockKind, owner: Node): void {
  const what = attr.name;
  if (schema.typeFromDeclaration) {
    // A param's own constraints: typed against the param by checkParamDeclaration.
    cx.typeOf(attr.value);
  } else if (!schema.reference || !checkReferenceAttribute(cx, attr, schema, owner)) {
    if (schema.name === 'for_each') checkIterable(cx, attr.value, '`for_each`');
    else if (checkAssignable(cx, attr.value, schema.type, what)) {
      if (schema.enum) checkEnumValue(cx, attr.value, schema.enum);
      checkIntRange(cx, attr.value, schema.min, schema.max, what);
    }
  }
  // Names of templates, steps and readiness checks are not values: nothing to leak.
  const isName = schema.reference === 'os_template' || schema.reference === 'step' || schema.reference === 'ready_check';
  if (!isName && kind !== 'param' && !secretAllowedIn(kind, attr.name.text)) checkSecretExposure(cx, attr.value, what);
}

/** A step: its `for_each` (which types `each`), its call, then its options. */
function checkStep(cx: StructureContext, step: Step): void {
  const forEach = step.options?.entries.find((e): e is Attribute => e.kind === 'Attribute' && e.name.text === 'for_each');
  const run = (): void => {
    checkStepCall(cx, step);
    cx.setRunType(step);
    if (step.options) checkBody(cx, step.options, 'step_options', step.name.span, step);
  };
  if (forEach) cx.withEach(cx.typeOf(forEach.value), run);
  else run();
}

function checkHook(cx: StructureContext, hook: Hook, site: HookSite): void {
  checkHookPhase(cx, hook, site);
  checkHookCall(cx, hook);
  cx.setRunType(hook);
  if (hook.options) checkBody(cx, hook.options, 'hook_options', hook.phase.span, hook);
}

/** A step or hook written where it is not allowed: its expressions are still typed. */
function typeRun(cx: StructureContext, node: Step | Hook): void {
  if (node.call.kind === 'Call') {
    for (const a of node.call.args) cx.typeOf(a);
    for (const n of node.call.named) cx.typeOf(n.value);
  }
  if (node.options) typeUnknownBody(cx, node.options);
}

/** The body of an unknown block: no schema, but its expressions are typed (references stay checked). */
function typeUnknownBody(cx: StructureContext, body: Body): void {
  for (const e of body.entries) {
    switch (e.kind) {
      case 'Attribute':
      case 'Let':
      case 'Output':
        cx.typeOf(e.value);
        break;
      case 'Block':
        typeUnknownBody(cx, e.body);
        break;
      case 'Step':
      case 'Hook':
        typeRun(cx, e);
        break;
    }
  }
}

