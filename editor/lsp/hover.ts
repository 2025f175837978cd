import path from 'node:path';
import type { MbpSymbol } from '../../compiler/binder/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import { attributeHover, blockHover } from '../../compiler/schemas/index.ts';
import { enumValueDoc, HOOK_PHASES, literalText, typeToString } from '../../stdlib/index.ts';
import { codeBlock, functionDocByName, stdPathDoc } from './stdlib-docs.ts';
import type { Target } from './symbol-at.ts';

/** Markdown for what the cursor is on. */
export function hoverMarkdown(checked: CheckedProgram, target: Target): string | undefined {
  switch (target.kind) {
    case 'symbol':
      return symbolMarkdown(checked, target.symbol);
    case 'std':
      return stdPathDoc(target.path);
    case 'function':
      return functionDocByName(target.name);
    case 'attribute':
      return attributeHover(target.block, target.name);
    case 'block':
      return blockHover(target.parent, target.name);
    case 'field':
      return [codeBlock(`(field) ${target.name}: ${typeToString(target.field.type)}`), target.field.doc ?? ''].filter((s) => s !== '').join('\n\n');
    case 'step-param': {
      const p = target.param;
      const dflt = p.default !== undefined ? ` = ${literalText(p.default, p.type)}` : '';
      return [codeBlock(`(argument of ${target.step}) ${p.name}${p.required ? '' : '?'}: ${p.reference ?? typeToString(p.type)}${dflt}`), p.doc].join('\n\n');
    }
    case 'enum':
      return [codeBlock(`"${target.value}"`), enumValueDoc(target.enumName, target.value) ?? `Not a value of \`${target.enumName}\`.`].join('\n\n');
    case 'phase': {
      const phase = HOOK_PHASES.find((p) => p.value === target.value);
      return phase ? [codeBlock(`on ${phase.value}`), phase.doc].join('\n\n') : undefined;
    }
    case 'import': {
      const doc = checked.program.files.get(target.file)?.module.doc;
      return [codeBlock(target.file), doc ?? ''].filter((s) => s !== '').join('\n\n');
    }
  }
}

/** The declaration's first line as written (`workflow setup(node: instance)`), for symbols a type says little about. */
function header(checked: CheckedProgram, symbol: MbpSymbol): string | undefined {
  const decl = symbol.declaration;
  const text = checked.program.files.get(symbol.file)?.source.text;
  if (!decl || text === undefined) return undefined;
  const body = 'body' in decl && decl.body && 'span' in decl.body ? decl.body.span.start : decl.span.end;
  const written = text.slice(decl.span.start, body).trim();
  const line = written.split(/\r?\n/)[0] ?? written;
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function symbolMarkdown(checked: CheckedProgram, symbol: MbpSymbol): string {
  const type = checked.typeOfSymbol(symbol);
  const parts: string[] = [];
  switch (symbol.kind) {
    case 'workflow':
    case 'os_template':
    case 'infrastructure':
    case 'network':
    case 'subnet':
    case 'instance_array':
      parts.push(codeBlock(header(checked, symbol) ?? `${symbol.kind} ${symbol.name}`));
      break;
    case 'import': {
      parts.push(codeBlock(header(checked, symbol) ?? `import ${symbol.name}`));
      const file = checked.binding.importedFile(symbol);
      const moduleDoc = file !== undefined ? checked.program.files.get(file)?.module.doc : undefined;
      if (moduleDoc) parts.push(moduleDoc);
      break;
    }
    default: {
      const value = symbol.kind === 'param' ? checked.paramValue(symbol) : undefined;
      const typeText = type.kind === 'error' ? '' : `: ${typeToString(type)}`;
      const valueText = value !== undefined ? ` = ${literalText(value, type)}` : '';
      parts.push(codeBlock(`(${symbol.kind.replace('_', ' ')}) ${symbol.name}${typeText}${valueText}`));
    }
  }
  if (symbol.doc) parts.push(symbol.doc);
  if (symbol.file !== '' && symbol.declaration) parts.push(`Declared in \`${path.basename(symbol.file)}\`.`);
  return parts.join('\n\n');
}
