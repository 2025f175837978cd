import {
  lookupFunction,
  lookupOsTemplate,
  lookupStep,
  signatureText,
  stdChildren,
  stepSignatureText,
  typeToString,
  type FunctionDef,
  type OsTemplateDef,
  type StepDef,
} from '../../stdlib/index.ts';

/** Markdown for hover and completion documentation, from the stdlib's own definitions. */

export function codeBlock(text: string): string {
  return `\`\`\`mbp\n${text}\n\`\`\``;
}

export function stepDoc(def: StepDef): string {
  const params = def.params.map((p) => `- \`${p.name}\`${p.required ? '' : ' (optional)'}: ${p.doc}`);
  const outputs = Object.entries(def.outputs.fields).map(([name, f]) => `- \`${name}\`: \`${typeToString(f.type)}\`${f.doc ? ` — ${f.doc}` : ''}`);
  return [
    codeBlock(stepSignatureText(def)),
    def.doc,
    ...(params.length > 0 ? ['**Arguments**', params.join('\n')] : []),
    ...(outputs.length > 0 ? ['**Outputs**', outputs.join('\n')] : []),
    `Example: \`${def.example}\``,
  ].join('\n\n');
}

export function functionDoc(def: FunctionDef): string {
  return [codeBlock(signatureText(def)), def.doc, `Example: \`${def.example}\``].join('\n\n');
}

export function osTemplateDoc(def: OsTemplateDef): string {
  return [
    codeBlock(def.name),
    `**${def.title}**`,
    def.doc,
    `Boot methods: ${def.bootMethods.map((b) => `\`"${b}"\``).join(', ')}. Installer: \`${def.installer}\`.`,
  ].join('\n\n');
}

/** A `std.` namespace (`std.ssh`): what it holds. */
export function namespaceDoc(path: string): string {
  const children = stdChildren(path).map((c) => `\`${c}\``);
  return [codeBlock(path), children.length > 0 ? `Contains: ${children.join(', ')}.` : ''].filter((s) => s !== '').join('\n\n');
}

/** Markdown for any `std...` path: a step kind, an OS template or a namespace; undefined when it names nothing. */
export function stdPathDoc(path: string): string | undefined {
  const step = lookupStep(path);
  if (step) return stepDoc(step);
  const template = lookupOsTemplate(path);
  if (template) return osTemplateDoc(template);
  return path === 'std' || stdChildren(path).length > 0 ? namespaceDoc(path) : undefined;
}

export function functionDocByName(name: string): string | undefined {
  const def = lookupFunction(name);
  return def ? functionDoc(def) : undefined;
}
