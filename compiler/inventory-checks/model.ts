import type { Block, Expr, Infrastructure, Span } from '../../grammar/index.ts';
import { isList, isObject } from '../../stdlib/index.ts';
import type { CheckedProgram } from '../checker/index.ts';
import { attributeOf, blockLabel, blocksNamed, infrastructuresOf } from '../checker/rules/index.ts';

/**
 * The parts of a blueprint an inventory check looks at, with the value the
 * checker knows for each (absent when it is not known at compile time, e.g.
 * a param without a value: such a check stays silent) and the span to
 * point at.
 */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
  /** Written as a plain string literal, so a fix-it can replace it with another. */
  readonly literal?: true;
}

export interface DemandModel {
  readonly serverType: Located<string>;
  /** The span a shortage of this type points at: its count in a split, else `count` (or the array's name). */
  readonly count: Located<number>;
}

export interface ArrayModel {
  readonly name: string;
  readonly block: Block;
  readonly demands: readonly DemandModel[];
  readonly tags: readonly Located<string>[];
  readonly spread: 'rack' | 'none';
  readonly preferred: readonly Located<number | string>[];
  readonly ports: readonly Located<number>[];
}

export interface SubnetModel {
  readonly name: string;
  /** Where to point: the `prefix` or `pool` attribute, or the block's name. */
  readonly span: Span;
  readonly family: 'ipv4' | 'ipv6';
  readonly prefix?: Located<number>;
  readonly pool?: Located<string>;
}

export interface NetworkModel {
  readonly name: string;
  readonly block?: Block;
  readonly kind: 'wan' | 'san' | 'lan';
  readonly vlan?: Located<number>;
  readonly subnets: readonly SubnetModel[];
}

export interface InfrastructureModel {
  readonly file: string;
  readonly decl: Infrastructure;
  readonly name: string;
  readonly datacenter?: Located<string>;
  readonly networks: readonly NetworkModel[];
  readonly arrays: readonly ArrayModel[];
}

const known = <T>(checked: CheckedProgram, expr: Expr | undefined, test: (v: unknown) => v is T): Located<T> | undefined => {
  if (expr === undefined) return undefined;
  const value = checked.valueOf(expr);
  if (!test(value)) return undefined;
  return expr.kind === 'StringLit' && expr.value !== undefined && !expr.multiline ? { value, span: expr.span, literal: true } : { value, span: expr.span };
};
const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function demandsOf(checked: CheckedProgram, block: Block): DemandModel[] {
  const attr = (n: string) => attributeOf(block.body, n);
  const split = attr('server_types');
  if (split !== undefined) {
    if (split.value.kind === 'ObjectExpr') {
      return split.value.entries.flatMap((e) => {
        const count = known(checked, e.value, isInt);
        return count !== undefined ? [{ serverType: { value: e.key.text, span: e.key.span }, count }] : [];
      });
    }
    const value = checked.valueOf(split.value);
    if (value === undefined || !isObject(value)) return [];
    return Object.entries(value).flatMap(([type, n]) => (isInt(n) ? [{ serverType: { value: type, span: split.value.span }, count: { value: n, span: split.value.span } }] : []));
  }
  const type = known(checked, attr('server_type')?.value, isString);
  if (type === undefined) return [];
  const countAttr = attr('count');
  const count = countAttr !== undefined ? known(checked, countAttr.value, isInt) : { value: 1, span: block.labels[0]?.span ?? block.name.span };
  return count !== undefined ? [{ serverType: type, count }] : [];
}

function listOf<T>(checked: CheckedProgram, expr: Expr | undefined, test: (v: unknown) => v is T): Located<T>[] {
  if (expr === undefined) return [];
  if (expr.kind === 'ListExpr') return expr.items.flatMap((item) => known(checked, item, test) ?? []);
  const value = checked.valueOf(expr);
  if (value === undefined || !isList(value)) return [];
  return value.flatMap((v): Located<T>[] => (test(v) ? [{ value: v, span: expr.span }] : []));
}

function arrayModel(checked: CheckedProgram, block: Block): ArrayModel {
  const prefer = blocksNamed(block.body, 'prefer')[0];
  const spread = known(checked, attributeOf(block.body, 'spread')?.value, isString)?.value;
  return {
    name: blockLabel(block),
    block,
    demands: demandsOf(checked, block),
    tags: listOf(checked, attributeOf(block.body, 'tags')?.value, isString),
    spread: spread === 'rack' ? 'rack' : 'none',
    preferred: listOf(checked, prefer !== undefined ? attributeOf(prefer.body, 'servers')?.value : undefined, (v): v is number | string => isInt(v) || isString(v)),
    ports: blocksNamed(block.body, 'port').flatMap((p) => {
      const label = p.labels[0];
      return label !== undefined && /^\d+$/.test(label.text) ? [{ value: Number(label.text), span: label.span }] : [];
    }),
  };
}

function networksOf(checked: CheckedProgram, infra: Infrastructure): NetworkModel[] {
  const networks = blocksNamed(infra.body, 'network').map((block) => {
    const kind = known(checked, attributeOf(block.body, 'kind')?.value, isString)?.value ?? 'wan';
    const vlan = known(checked, attributeOf(block.body, 'vlan')?.value, isInt);
    return { name: blockLabel(block), block, kind: kind as NetworkModel['kind'], ...(vlan !== undefined ? { vlan } : {}), subnets: [] as SubnetModel[] };
  });
  for (const block of blocksNamed(infra.body, 'subnet')) {
    const network = networks.find((n) => n.name === checked.networkOf(block)?.name);
    if (network === undefined) continue;
    const family = known(checked, attributeOf(block.body, 'family')?.value, isString)?.value ?? 'ipv4';
    if (family !== 'ipv4' && family !== 'ipv6') continue;
    const prefix = known(checked, attributeOf(block.body, 'prefix')?.value, isInt);
    const pool = known(checked, attributeOf(block.body, 'pool')?.value, isString);
    network.subnets.push({
      name: blockLabel(block),
      span: prefix?.span ?? pool?.span ?? block.labels[0]?.span ?? block.name.span,
      family,
      ...(prefix !== undefined ? { prefix } : {}),
      ...(pool !== undefined ? { pool } : {}),
    });
  }
  // The subnets the plan makes up (DESIGN.md section 1): a wan or san network without one gets the default, and so does an infrastructure without networks.
  for (const n of networks) {
    if ((n.kind === 'wan' || n.kind === 'san') && n.subnets.length === 0) n.subnets.push({ name: n.name, span: n.block.labels[0]?.span ?? n.block.name.span, family: 'ipv4' });
  }
  if (networks.length === 0) return [{ name: 'wan', kind: 'wan', subnets: [{ name: 'wan', span: infra.name.span, family: 'ipv4' }] }];
  return networks;
}

/** Every infrastructure of the program's entry files (imported modules deploy nothing). */
export function infrastructureModels(checked: CheckedProgram): InfrastructureModel[] {
  const out: InfrastructureModel[] = [];
  for (const [file, f] of checked.program.files) {
    if (!f.entry) continue;
    for (const decl of infrastructuresOf(f.module)) {
      const datacenter = known(checked, attributeOf(decl.body, 'datacenter')?.value, isString);
      out.push({
        file,
        decl,
        name: decl.name.text,
        ...(datacenter !== undefined ? { datacenter } : {}),
        networks: networksOf(checked, decl),
        arrays: blocksNamed(decl.body, 'instance_array').map((b) => arrayModel(checked, b)),
      });
    }
  }
  return out;
}
