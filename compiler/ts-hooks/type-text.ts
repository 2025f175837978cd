import type { ts as Ts } from 'ts-morph';

/**
 * TypeScript types as messages show them: object types spelled out
 * (`{ name: string; labels: string[] }`, not `Args`) so the reader of a
 * blueprint sees what to pass without opening the hook; the hooks API's own
 * types (`Instance`) keep their names, which hook authors know.
 */
export interface TypeTextContext {
  readonly ts: typeof Ts;
  readonly checker: Ts.TypeChecker;
  /** Types declared in this file are shown by name. */
  readonly hooksApiPath: string;
}

const MAX_MEMBERS = 8;

export function isPlainObject(c: TypeTextContext, t: Ts.Type): boolean {
  const { ts, checker } = c;
  if (t.flags & ts.TypeFlags.Intersection) return (t as Ts.IntersectionType).types.every((m) => isPlainObject(c, m));
  return (
    (t.flags & ts.TypeFlags.Object) !== 0 &&
    !checker.isArrayType(t) &&
    !checker.isTupleType(t) &&
    t.getCallSignatures().length === 0 &&
    t.getConstructSignatures().length === 0
  );
}

function fromHooksApi(c: TypeTextContext, t: Ts.Type): boolean {
  const symbol = t.aliasSymbol ?? t.getSymbol();
  return symbol?.declarations?.some((d) => d.getSourceFile().fileName === c.hooksApiPath) ?? false;
}

function plain(c: TypeTextContext, t: Ts.Type): string {
  const { ts, checker } = c;
  // A hook's own alias (`Labels`) is spelled out, as the reader cannot see it; library ones (`Record`) are clearer by name.
  const ownAlias = t.aliasSymbol?.declarations?.some((d) => !d.getSourceFile().isDeclarationFile) ?? false;
  const flags = ts.TypeFormatFlags.NoTruncation | (ownAlias ? ts.TypeFormatFlags.InTypeAlias : 0);
  return checker.typeToString(t, undefined, flags).replace(/; \}/g, ' }');
}

/** A property's type without the `undefined` an optional property adds. */
export function propertyType(c: TypeTextContext, prop: Ts.Symbol): Ts.Type {
  const t = c.checker.getTypeOfSymbol(prop);
  return prop.flags & c.ts.SymbolFlags.Optional ? c.checker.getNonNullableType(t) : t;
}

export function typeText(c: TypeTextContext, t: Ts.Type): string {
  const { ts, checker } = c;
  // Index signatures alone read best as TypeScript writes them: `Record<string, string>`.
  if (!isPlainObject(c, t) || fromHooksApi(c, t) || checker.getPropertiesOfType(t).length === 0) return plain(c, t);
  const members = checker.getPropertiesOfType(t).map((p) => {
    const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
    return `${p.name}${optional ? '?' : ''}: ${plain(c, propertyType(c, p))}`;
  });
  for (const info of checker.getIndexInfosOfType(t)) {
    members.push(`[key: ${plain(c, info.keyType)}]: ${plain(c, info.type)}`);
  }
  const shown = members.length > MAX_MEMBERS ? [...members.slice(0, MAX_MEMBERS), `… ${members.length - MAX_MEMBERS} more`] : members;
  return `{ ${shown.join('; ')} }`;
}
