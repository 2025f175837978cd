import path from 'node:path';
import type { Project, ts as Ts } from 'ts-morph';
import type { RelatedInformation } from '../diagnostics/index.ts';
import { typeToString, type Type } from '../../stdlib/index.ts';
import { closestName } from '../diagnostics/index.ts';
import { isUnknownType, pathKey, type Constants } from './map-type.ts';
import { buildProbe, PROBE_FILE_NAME, type Probe, type ProbeNode } from './probe.ts';
import type { Finding } from './request.ts';
import type { TsMorphModule } from './ts-morph-loader.ts';
import { isPlainObject, propertyType, typeText, type TypeTextContext } from './type-text.ts';

/**
 * The check proper, on a ts-morph project: find the export, work out how it
 * can be called, call it in a probe and let TypeScript judge. TypeScript is
 * the authority on whether the call fits; when it does not, a field-by-field
 * walk explains why in the blueprint's terms (which field, which types).
 */
export interface AnalyzeInput {
  readonly hookPath: string;
  readonly exportName: string;
  readonly argsType: Type;
  readonly constants: Constants;
  readonly hooksApiPath: string;
}

interface Context extends TypeTextContext {
  readonly probe: Probe;
  readonly aliasTypes: ReadonlyMap<string, Ts.Type>;
}

const TYPE_ONLY_KINDS = new Set(['InterfaceDeclaration', 'TypeAliasDeclaration']);

function exportFindings(project: Project, input: AnalyzeInput): Finding[] | undefined {
  const hook = project.getSourceFileOrThrow(input.hookPath);
  const exported = hook.getExportedDeclarations();
  const declarations = exported.get(input.exportName);
  const isTypeOnly = (nodes: readonly { getKindName(): string }[]) =>
    nodes.length > 0 && nodes.every((n) => TYPE_ONLY_KINDS.has(n.getKindName()));
  if (declarations === undefined) {
    const values = [...exported].filter(([, nodes]) => !isTypeOnly(nodes)).map(([name]) => name);
    const suggestion = closestName(input.exportName, values);
    const listed = values.length === 0 ? 'the module exports no values' : `its exports are ${values.sort().map((v) => `"${v}"`).join(', ')}`;
    return [
      {
        code: 'MBP2091',
        anchor: 'export',
        args: { name: input.exportName },
        help: suggestion !== undefined ? `did you mean "${suggestion}"? (${listed})` : listed,
        ...(suggestion !== undefined ? { fix: { title: `use "${suggestion}"`, text: JSON.stringify(suggestion) } } : {}),
      },
    ];
  }
  if (isTypeOnly(declarations)) {
    return [{ code: 'MBP2092', anchor: 'export', args: { name: input.exportName, what: 'a type, not a value' } }];
  }
  return undefined;
}

function declarationInfo(node: Ts.Node | undefined, message: string, probePath: string): RelatedInformation[] {
  if (node === undefined) return [];
  const file = node.getSourceFile();
  // Declarations in the probe or in TypeScript's own libraries mean nothing to the reader.
  if (file.fileName === probePath || file.isDeclarationFile) return [];
  return [{ message, file: path.resolve(file.fileName), range: { start: node.getStart(), end: node.getEnd() } }];
}

function parameterArity(c: TypeTextContext, signature: Ts.Signature): { min: number; max: number } {
  const { ts } = c;
  let min = 0;
  let max = 0;
  for (const param of signature.getParameters()) {
    const decl = param.valueDeclaration;
    if (decl !== undefined && ts.isParameter(decl)) {
      if (decl.dotDotDotToken) return { min, max: Infinity };
      max += 1;
      if (!decl.questionToken && !decl.initializer) min = max;
    } else {
      max += 1;
      min = max;
    }
  }
  return { min, max };
}

function ownerText(path: readonly string[]): string {
  return path.length === 0 ? "the hook's parameter type" : `the hook's type for "${pathKey(path)}"`;
}

function mismatch(c: Context, n: ProbeNode, expected: Ts.Type, declaration: Ts.Node | undefined, probePath: string): Finding {
  const args = { mbpType: typeToString(n.type), tsType: n.text, expected: typeText(c, expected) };
  if (n.path.length === 0) return { code: 'MBP2096', anchor: 'args', at: [], args };
  return {
    code: 'MBP2093',
    anchor: 'args',
    at: n.path,
    args: { ...args, field: pathKey(n.path) },
    related: declarationInfo(declaration, 'the hook declares it here', probePath),
  };
}

/** Why `n` does not fit `expected`, field by field where both sides are objects; [] when nothing specific is found. */
function explain(c: Context, n: ProbeNode, expectedIn: Ts.Type, declaration: Ts.Node | undefined, probePath: string): Finding[] {
  const { ts, checker } = c;
  const source = c.aliasTypes.get(n.alias);
  if (source === undefined) return [];
  const expected = expectedIn.flags & ts.TypeFlags.TypeParameter ? (checker.getBaseConstraintOfType(expectedIn) ?? expectedIn) : expectedIn;
  const target = checker.getNonNullableType(expected);
  if (n.children === undefined || !isPlainObject(c, target)) {
    return checker.isTypeAssignableTo(source, expected) ? [] : [mismatch(c, n, target, declaration, probePath)];
  }
  const findings: Finding[] = [];
  const given = new Set(n.children.map((child) => child.path[child.path.length - 1] as string));
  const props = checker.getPropertiesOfType(target);
  const owner = ownerText(n.path);
  const expectedText = typeText(c, target);
  for (const prop of props) {
    if (prop.flags & ts.SymbolFlags.Optional || given.has(prop.name)) continue;
    findings.push({
      code: 'MBP2094',
      anchor: 'args',
      at: n.path,
      args: { field: pathKey([...n.path, prop.name]), name: prop.name, owner, expected: expectedText },
      related: declarationInfo(prop.valueDeclaration, 'required by the hook here', probePath),
    });
  }
  const stringIndex = checker.getIndexInfosOfType(target).find((info) => info.keyType.flags & ts.TypeFlags.String);
  const missing = props.filter((p) => !given.has(p.name)).map((p) => p.name);
  for (const child of n.children) {
    const name = child.path[child.path.length - 1] as string;
    const prop = checker.getPropertyOfType(target, name);
    if (prop !== undefined) {
      findings.push(...explain(c, child, checker.getTypeOfSymbol(prop), prop.valueDeclaration, probePath));
    } else if (stringIndex !== undefined) {
      findings.push(...explain(c, child, stringIndex.type, stringIndex.declaration, probePath));
    } else {
      const suggestion = closestName(name, missing);
      findings.push({
        code: 'MBP2095',
        anchor: 'args',
        at: child.path,
        args: { field: pathKey(child.path), owner, expected: expectedText },
        ...(suggestion !== undefined ? { help: `did you mean "${suggestion}"?` } : {}),
      });
    }
  }
  return findings;
}

function flatten(c: Context, d: Ts.Diagnostic): string {
  const lines = c.ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  const aliasText = new Map<string, string>();
  const collect = (n: ProbeNode): void => {
    aliasText.set(n.alias, n.text);
    n.children?.forEach(collect);
  };
  collect(c.probe.root);
  // The probe's alias names are ours, not the reader's: show what they stand for.
  return (lines[lines.length - 1] ?? '').replace(/__mbp_T\d+/g, (alias) => aliasText.get(alias) ?? alias);
}

const within = (pos: number, r: { start: number; end: number } | undefined) => r !== undefined && pos >= r.start && pos < r.end;

export function analyzeHook(tsm: TsMorphModule, project: Project, input: AnalyzeInput): Finding[] {
  const { ts } = tsm;
  if (project.getSourceFile(input.hookPath) === undefined) project.addSourceFileAtPath(input.hookPath);
  const notFound = exportFindings(project, input);
  if (notFound) return notFound;

  const probePath = path.join(path.dirname(input.hookPath), PROBE_FILE_NAME);
  const hookName = path.basename(input.hookPath);
  const write = (probe: Probe) => project.createSourceFile(probePath, probe.text, { overwrite: true });
  try {
    let probe = buildProbe(hookName, input.exportName, input.argsType, input.constants);
    let probeFile = write(probe);
    const base: TypeTextContext = { ts, checker: project.getTypeChecker().compilerObject, hooksApiPath: path.resolve(input.hooksApiPath) };
    const hookType = probeFile.getVariableDeclarationOrThrow('__mbp_hook').getType().compilerType;
    const signatures = hookType.getCallSignatures();
    const unsupported: Finding[] = probe.unsupported.map((u) => ({
      code: 'MBP2099',
      anchor: 'args',
      at: u.path,
      args: { field: pathKey(u.path), mbpType: u.kind },
    }));
    if (signatures.length === 0) {
      const what = `a value of TypeScript type ${typeText(base, base.checker.getBaseTypeOfLiteralType(hookType))}`;
      return [{ code: 'MBP2092', anchor: 'export', args: { name: input.exportName, what } }];
    }
    const arities = signatures.map((s) => parameterArity(base, s));
    const min = Math.min(...arities.map((a) => a.min));
    const max = Math.max(...arities.map((a) => a.max));
    if (min > 2) {
      return [
        { code: 'MBP2097', anchor: 'export', args: { name: input.exportName, reason: `it requires ${min} parameters` } },
      ];
    }
    if (max === 0) {
      const hasArgs = !isUnknownType(input.argsType) && !(input.argsType.kind === 'object' && Object.keys(input.argsType.fields).length === 0);
      return hasArgs ? [{ code: 'MBP2098', anchor: 'args', at: [], args: { name: input.exportName } }] : [];
    }

    probe = buildProbe(hookName, input.exportName, input.argsType, input.constants, Math.min(max, 2));
    probeFile = write(probe);
    // A new program: types and signatures from the first one must not be mixed with its checker.
    const checker = project.getTypeChecker().compilerObject;
    const callable = probeFile.getVariableDeclarationOrThrow('__mbp_hook').getType().compilerType;
    const callSignatures = callable.getCallSignatures();
    const aliasTypes = new Map<string, Ts.Type>();
    for (const alias of probeFile.getTypeAliases()) {
      aliasTypes.set(alias.getName(), checker.getTypeFromTypeNode(alias.getTypeNodeOrThrow().compilerNode));
    }
    const c: Context = { ...base, checker, probe, aliasTypes };
    const problems = probeFile
      .getPreEmitDiagnostics()
      .map((d) => d.compilerObject)
      .filter((d) => d.file?.fileName === probeFile.getFilePath() && d.category === ts.DiagnosticCategory.Error);
    const before = problems.find((d) => (d.start ?? 0) < probe.callee.start);
    // An error in the probe's own declarations is our mistake (or a broken hooks API), never the blueprint's.
    if (before !== undefined) throw new Error(`the hook probe does not compile: ${flatten(c, before)}`);

    const findings: Finding[] = [...unsupported];
    const ctxProblem = problems.find((d) => within(d.start ?? -1, probe.ctxRange));
    if (ctxProblem !== undefined) {
      const second = callSignatures.length === 1 ? callSignatures[0]?.getParameters()[1] : undefined;
      const declared = second !== undefined ? ` (it is ${typeText(c, checker.getTypeOfSymbol(second))})` : '';
      findings.push({
        code: 'MBP2097',
        anchor: 'export',
        args: { name: input.exportName, reason: `its second parameter does not accept HookContext${declared}` },
        related: declarationInfo(second?.valueDeclaration, 'the second parameter is declared here', probePath),
      });
    }
    const argProblem = problems.find((d) => d !== ctxProblem);
    if (argProblem !== undefined) {
      const first = callSignatures.length === 1 ? callSignatures[0]?.getParameters()[0] : undefined;
      const expected = first !== undefined ? checker.getTypeOfSymbol(first) : undefined;
      const explained = expected !== undefined ? explain(c, probe.root, expected, first?.valueDeclaration, probePath) : [];
      findings.push(...explained);
      if (explained.length === 0) {
        findings.push({
          code: 'MBP2096',
          anchor: 'args',
          at: [],
          args: {
            mbpType: typeToString(input.argsType),
            tsType: probe.root.text,
            expected: expected !== undefined ? typeText(c, expected) : `a parameter of ${typeText(c, callable)}`,
          },
          help: `TypeScript says: ${flatten(c, argProblem)}`,
          related: declarationInfo(first?.valueDeclaration, "the hook's parameter is declared here", probePath),
        });
      }
    }
    return findings;
  } finally {
    const probeFile = project.getSourceFile(probePath);
    if (probeFile) project.removeSourceFile(probeFile);
  }
}
